package io.kava.kubelet.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final MutableClock clock = new MutableClock();
  private final Backoff backoff = Backoff.crashLoop(1.0, clock);

  @Test
  void theFirstFailureIsNotInBackoffThenTheDelayDoublesUpToFiveMinutes() {
    Instant exit = clock.instant();
    assertThat(backoff.isInBackOffSince("c", exit)).isFalse();
    backoff.next("c", exit);
    assertThat(backoff.delay("c")).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.isInBackOffSince("c", exit)).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(backoff.isInBackOffSince("c", exit)).isFalse();

    Duration[] expected = {Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80),
        Duration.ofSeconds(160), Duration.ofSeconds(300), Duration.ofSeconds(300)};
    for (Duration d : expected) {
      backoff.next("c", clock.instant());
      assertThat(backoff.delay("c")).isEqualTo(d);
    }
  }

  @Test
  void remainingCountsFromTheEvent() {
    Instant exit = clock.instant();
    backoff.next("c", exit);
    clock.advance(Duration.ofSeconds(4));
    assertThat(backoff.remaining("c", exit)).isEqualTo(Duration.ofSeconds(6));
    clock.advance(Duration.ofSeconds(10));
    assertThat(backoff.remaining("c", exit)).isZero();
  }

  @Test
  void anEntryOlderThanTwiceTheMaximumIsForgotten() {
    backoff.next("c", clock.instant());
    backoff.next("c", clock.instant());
    assertThat(backoff.delay("c")).isEqualTo(Duration.ofSeconds(20));
    clock.advance(Duration.ofMinutes(11)); // ran for more than 10 minutes
    Instant exit = clock.instant();
    assertThat(backoff.isInBackOffSince("c", exit)).isFalse();
    backoff.next("c", exit);
    assertThat(backoff.delay("c")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void scaleShrinksEveryTime() {
    Backoff fast = Backoff.crashLoop(0.1, clock);
    fast.next("c", clock.instant());
    assertThat(fast.delay("c")).isEqualTo(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      fast.next("c", clock.instant());
    }
    assertThat(fast.delay("c")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void imagePullsBackOffSinceTheLastAttempt() {
    Backoff pulls = Backoff.imagePull(1.0, clock);
    assertThat(pulls.isInBackOffSinceUpdate("img")).isFalse();
    pulls.next("img", clock.instant());
    clock.advance(Duration.ofSeconds(9));
    assertThat(pulls.isInBackOffSinceUpdate("img")).isTrue();
    assertThat(pulls.remainingSinceUpdate("img")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(pulls.isInBackOffSinceUpdate("img")).isFalse();
  }

  @Test
  void resetPrefixForgetsAPodsKeys() {
    backoff.next("uid1/a", clock.instant());
    backoff.next("uid2/a", clock.instant());
    backoff.resetPrefix("uid1/");
    assertThat(backoff.delay("uid1/a")).isZero();
    assertThat(backoff.delay("uid2/a")).isEqualTo(Duration.ofSeconds(10));
  }
}
