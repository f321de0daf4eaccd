package io.kava.apiserver.storage;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one watch's deliveries in order on a shared pool, off the thread that received them: jetcd
 * answers every watch and every KV call of the API server on one event loop thread, and a watch cache
 * applying a burst of events there held up the answers to creates and Binds behind it. At most
 * {@code maxPending} deliveries wait; the receiving thread then waits for room, as it did before.
 */
final class SerialDelivery {
  private static final Logger log = LoggerFactory.getLogger(SerialDelivery.class);

  private final Executor executor;
  private final Semaphore room;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean draining;

  SerialDelivery(Executor executor, int maxPending) {
    this.executor = executor;
    this.room = new Semaphore(maxPending);
  }

  /** Queues a delivery; it runs after every delivery queued before it, never beside one. */
  void submit(Runnable delivery) {
    room.acquireUninterruptibly();
    synchronized (this) {
      queue.add(delivery);
      if (draining) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        log.warn("A storage watch listener failed: {}", e.toString());
      } finally {
        room.release();
      }
    }
  }
}
