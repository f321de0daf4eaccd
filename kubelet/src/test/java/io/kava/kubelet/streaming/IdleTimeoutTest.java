package io.kava.kubelet.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle window on a hand-moved clock: checks are called by hand (the scheduled ones are an hour away
 * in real time and never run here).
 */
class IdleTimeoutTest {
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger fired = new AtomicInteger();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  private IdleTimeout started(Duration timeout) {
    IdleTimeout idle = new IdleTimeout(timeout, timers, now::get).forStream();
    idle.start(fired::incrementAndGet);
    return idle;
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void trafficRestartsTheWindowAndSilenceForTheWholeOfItFiresOnce() {
    IdleTimeout idle = started(Duration.ofHours(1));
    advance(Duration.ofMinutes(50));
    idle.touch();
    advance(Duration.ofMinutes(40));
    idle.check();
    assertThat(fired).hasValue(0);

    advance(Duration.ofMinutes(20));
    idle.check();
    assertThat(fired).hasValue(1);
    idle.check();
    assertThat(fired).hasValue(1);
  }

  @Test
  void aStoppedStreamAndAZeroTimeoutNeverFire() {
    IdleTimeout idle = started(Duration.ofHours(1));
    idle.stop();
    advance(Duration.ofHours(2));
    idle.check();
    IdleTimeout never = started(Duration.ZERO);
    advance(Duration.ofDays(2));
    never.check();
    assertThat(fired).hasValue(0);
    assertThat(never).isSameAs(IdleTimeout.NEVER);
  }

  @Test
  void theClientIsToldWhichFlagClosedTheStream() {
    assertThat(new IdleTimeout(Duration.ofHours(4), timers, now::get).message())
        .isEqualTo("the stream passed no data for 4h0m0s (the kubelet's --streaming-connection-idle-timeout)");
  }
}
