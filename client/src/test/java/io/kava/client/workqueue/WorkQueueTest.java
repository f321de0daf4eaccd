package io.kava.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  @Test
  void deduplicatesKeysWaitingInTheQueue() throws Exception {
    WorkQueue q = new WorkQueue("test");
    q.add("a");
    q.add("b");
    q.add("a");
    assertThat(q.length()).isEqualTo(2);
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.take()).isEqualTo("b");
    q.shutDown();
  }

  @Test
  void keyAddedWhileProcessingIsRequeuedOnlyAfterDone() throws Exception {
    WorkQueue q = new WorkQueue("test");
    q.add("a");
    String key = q.take();
    q.add("a"); // changed again while a worker holds it
    assertThat(q.length()).isZero(); // not handed to a second worker
    q.done(key);
    assertThat(q.length()).isEqualTo(1);
    assertThat(q.take()).isEqualTo("a");
    q.shutDown();
  }

  @Test
  void aPriorityQueueHandsOutHigherPrioritiesFirstAndEqualOnesInArrivalOrder() throws Exception {
    java.util.Map<String, Long> priorities = java.util.Map.of("low", 1L, "high", 100L, "mid-a", 50L, "mid-b", 50L);
    WorkQueue q = new WorkQueue("test", Duration.ofMillis(5), Duration.ofSeconds(1), priorities::get);
    for (String key : List.of("low", "mid-a", "high", "mid-b")) {
      q.add(key);
    }
    q.add("mid-a"); // a duplicate keeps its place
    List<String> order = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String key = q.take();
      order.add(key);
      q.done(key);
    }
    assertThat(order).containsExactly("high", "mid-a", "mid-b", "low");
    assertThat(q.length()).isZero();
    // A key re-added while it is processed comes back once, in priority order at done.
    q.add("low");
    String taken = q.take();
    q.add("low");
    q.add("high");
    q.done(taken);
    assertThat(q.take()).isEqualTo("high");
    q.shutDown();
  }

  @Test
  void backoffDoublesPerKeyAndForgetResets() {
    WorkQueue q = new WorkQueue("test", Duration.ofMillis(5), Duration.ofSeconds(1));
    assertThat(q.nextDelay("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(q.nextDelay("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(q.nextDelay("a")).isEqualTo(Duration.ofMillis(20));
    assertThat(q.nextDelay("b")).isEqualTo(Duration.ofMillis(5));
    for (int i = 0; i < 20; i++) {
      q.nextDelay("a");
    }
    assertThat(q.nextDelay("a")).isEqualTo(Duration.ofSeconds(1));
    q.forget("a");
    assertThat(q.nextDelay("a")).isEqualTo(Duration.ofMillis(5));
    q.shutDown();
  }

  @Test
  void takeReturnsNullAfterShutDown() throws Exception {
    WorkQueue q = new WorkQueue("test");
    CountDownLatch returned = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        if (q.take() == null) {
          returned.countDown();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    q.shutDown();
    assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void workersRetryFailuresAndNeverRunOneKeyTwiceAtOnce() throws Exception {
    WorkQueue q = new WorkQueue("test", Duration.ofMillis(1), Duration.ofMillis(20));
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    Workers.start("test", q, 4, key -> {
      if (running.incrementAndGet() > 1) {
        overlaps.add(key);
      }
      try {
        Thread.sleep(2);
        if (attempts.incrementAndGet() < 3) {
          throw new IllegalStateException("not yet");
        }
      } finally {
        running.decrementAndGet();
      }
    });
    for (int i = 0; i < 50; i++) {
      q.add("same-key");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 3 && q.numRequeues("same-key") == 0);
    assertThat(overlaps).isEmpty();
    q.shutDown();
  }
}
