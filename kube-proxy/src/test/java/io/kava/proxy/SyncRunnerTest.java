package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SyncRunnerTest {
  private final List<Boolean> runs = new CopyOnWriteArrayList<>();

  @Test
  void theFirstSyncIsFullAndABurstOfRequestsBecomesOneMoreSync() {
    try (SyncRunner runner = new SyncRunner(runs::add, Duration.ofMillis(200), Duration.ofMinutes(1),
        Duration.ofSeconds(1))) {
      runner.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> runs.size() == 1);
      for (int i = 0; i < 50; i++) {
        runner.requestSync();
      }
      await().atMost(Duration.ofSeconds(2)).until(() -> runs.size() == 2);
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> runs.size() == 2);
      assertThat(runs).containsExactly(true, false);
    }
  }

  @Test
  void thePeriodicSyncIsFull() {
    try (SyncRunner runner = new SyncRunner(runs::add, Duration.ofMillis(10), Duration.ofMillis(150),
        Duration.ofSeconds(1))) {
      runner.start();
      await().atMost(Duration.ofSeconds(3)).until(() -> runs.size() >= 3);
      assertThat(runs).allMatch(full -> full);
    }
  }

  @Test
  void aFailedSyncIsRetriedAsAFullOne() {
    AtomicBoolean failed = new AtomicBoolean();
    try (SyncRunner runner = new SyncRunner(full -> {
      runs.add(full);
      if (failed.compareAndSet(false, true)) {
        throw new IllegalStateException("iptables-restore failed");
      }
    }, Duration.ofMillis(10), Duration.ofMinutes(1), Duration.ofMillis(100))) {
      runner.start();
      await().atMost(Duration.ofSeconds(3)).until(() -> runs.size() == 2);
      assertThat(runs).containsExactly(true, true);
    }
  }
}
