package io.kava.client.workqueue;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * client-go's rate-limited work queue of object keys.
 * <ul>
 *   <li>A key added several times before a worker takes it is processed once (dirty set).</li>
 *   <li>A key being processed is never handed to a second worker; if it is added meanwhile, it is
 *       queued again when the first worker calls {@link #done}.</li>
 *   <li>{@link #addRateLimited} retries a failing key with per-key exponential backoff
 *       (base doubling up to max); {@link #forget} resets it after a success.</li>
 *   <li>Keys come out first in, first out; a queue made with a priority function hands out higher
 *       priorities first, first in first out among equals (the scheduler's PrioritySort). A key's
 *       priority is read when it enters the queue.</li>
 * </ul>
 */
public final class WorkQueue implements AutoCloseable {
  /** A queued key with its priority and arrival number, so equal priorities stay in arrival order. */
  private record Queued(String key, long priority, long arrival) {}

  private static final Comparator<Queued> ORDER = Comparator.comparingLong((Queued q) -> -q.priority())
      .thenComparingLong(Queued::arrival);
  private final PriorityQueue<Queued> queue = new PriorityQueue<>(ORDER);
  private final ToLongFunction<String> priority;
  private long arrivals;
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService timer;
  private boolean shuttingDown;

  /** Upstream's default controller rate limiter: 5 ms doubling up to 1000 s per key. */
  public WorkQueue(String name) {
    this(name, Duration.ofMillis(5), Duration.ofSeconds(1000));
  }

  public WorkQueue(String name, Duration baseDelay, Duration maxDelay) {
    this(name, baseDelay, maxDelay, key -> 0);
  }

  /** Hands out keys of higher PRIORITY first (read when a key enters the queue). */
  public WorkQueue(String name, Duration baseDelay, Duration maxDelay,
      ToLongFunction<String> priority) {
    this.priority = priority;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "workqueue-" + name + "-timer");
      t.setDaemon(true);
      return t;
    });
  }

  public synchronized void add(String key) {
    if (shuttingDown || dirty.contains(key)) {
      return;
    }
    dirty.add(key);
    if (!processing.contains(key)) {
      enqueue(key);
      notifyAll();
    }
  }

  /** Adds the key once the delay has passed (a periodic re-check, or a retry). */
  public void addAfter(String key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    synchronized (this) {
      if (shuttingDown) {
        return;
      }
    }
    timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Retries the key after its own backoff, which doubles on every call until {@link #forget}. */
  public void addRateLimited(String key) {
    addAfter(key, nextDelay(key));
  }

  /** The key succeeded: its next failure starts again at the base delay. */
  public synchronized void forget(String key) {
    failures.remove(key);
  }

  public synchronized int numRequeues(String key) {
    return failures.getOrDefault(key, 0);
  }

  /** Blocks until a key is available; returns null once the queue is shut down. */
  public synchronized String take() throws InterruptedException {
    while (queue.isEmpty() && !shuttingDown) {
      wait();
    }
    if (queue.isEmpty()) {
      return null;
    }
    String key = queue.poll().key();
    processing.add(key);
    dirty.remove(key);
    return key;
  }

  /** The worker finished with the key; if it was added meanwhile, it goes back in the queue. */
  public synchronized void done(String key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      enqueue(key);
      notifyAll();
    }
  }

  public synchronized int length() {
    return queue.size();
  }

  public synchronized void shutDown() {
    shuttingDown = true;
    notifyAll();
    timer.shutdownNow();
  }

  public synchronized boolean isShuttingDown() {
    return shuttingDown;
  }

  @Override
  public void close() {
    shutDown();
  }

  private void enqueue(String key) {
    queue.add(new Queued(key, priority.applyAsLong(key), arrivals++));
  }

  synchronized Duration nextDelay(String key) {
    int n = failures.merge(key, 1, Integer::sum) - 1;
    if (n >= 62) {
      return maxDelay;
    }
    long millis = baseDelay.toMillis() << Math.min(n, 40);
    if (millis < 0 || millis > maxDelay.toMillis()) {
      return maxDelay;
    }
    return Duration.ofMillis(Math.max(millis, 1));
  }
}
