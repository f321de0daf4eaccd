package io.kava.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialDeliveryTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void deliveriesRunInTheOrderTheyCameAndNeverTwoAtOnce() throws Exception {
    SerialDelivery delivery = new SerialDelivery(pool, 16);
    List<Integer> seen = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicBoolean overlapped = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 2000; i++) {
      int n = i;
      delivery.submit(() -> {
        if (running.incrementAndGet() > 1) {
          overlapped.set(true);
        }
        seen.add(n);
        running.decrementAndGet();
        if (n == 1999) {
          done.countDown();
        }
      });
    }

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(overlapped).isFalse();
    assertThat(seen).hasSize(2000).isSorted();
  }

  @Test
  void theReceiverWaitsWhenTheListenerFallsBehindByMaxPending() throws Exception {
    SerialDelivery delivery = new SerialDelivery(pool, 2);
    CountDownLatch release = new CountDownLatch(1);
    delivery.submit(() -> await(release));
    delivery.submit(() -> { });
    AtomicBoolean thirdQueued = new AtomicBoolean();
    Thread receiver = new Thread(() -> {
      delivery.submit(() -> { });
      thirdQueued.set(true);
    });
    receiver.start();

    receiver.join(300);
    assertThat(thirdQueued).as("queued while two wait").isFalse();
    release.countDown();
    receiver.join(5000);
    assertThat(thirdQueued).isTrue();
  }

  @Test
  void aFailingListenerDoesNotStopTheDeliveriesAfterIt() throws Exception {
    SerialDelivery delivery = new SerialDelivery(pool, 4);
    CountDownLatch after = new CountDownLatch(1);
    delivery.submit(() -> {
      throw new IllegalStateException("listener bug");
    });
    delivery.submit(after::countDown);

    assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
