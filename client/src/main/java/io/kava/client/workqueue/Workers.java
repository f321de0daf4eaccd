package io.kava.client.workqueue;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a controller's workers: each takes a key, reconciles it with MDC "controller" and "key" set,
 * forgets it on success and requeues it with backoff on failure. Stops when the queue shuts down.
 */
public final class Workers {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  private Workers() {}

  public static List<Thread> start(String controller, WorkQueue queue, int count, Reconciler reconciler) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(() -> runWorker(controller, queue, reconciler), controller + "-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  /** Processes one key; public so unit tests can drive a controller step by step. */
  public static boolean processNext(String controller, WorkQueue queue, Reconciler reconciler)
      throws InterruptedException {
    String key = queue.take();
    if (key == null) {
      return false;
    }
    MDC.put("controller", controller);
    MDC.put("key", key);
    try {
      reconciler.reconcile(key);
      queue.forget(key);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      int retries = queue.numRequeues(key);
      if (retries < 3) {
        log.debug("Failed to sync {} ({}), retrying", key, e.toString());
      } else {
        log.warn("Failed to sync {} after {} retries: {}", key, retries, e.toString());
      }
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
      MDC.remove("controller");
      MDC.remove("key");
    }
    return true;
  }

  private static void runWorker(String controller, WorkQueue queue, Reconciler reconciler) {
    try {
      while (processNext(controller, queue, reconciler)) {
        // next key
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
