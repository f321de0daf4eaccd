package io.kava.controllermanager.nodelifecycle;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Upstream's RateLimitedTimedQueue, one per zone: node names waiting for their NoExecute taint,
 * in the order they were added, let through at the zone's rate. Not thread-safe: the controller's
 * monitor thread owns it.
 */
final class RateLimitedQueue {
  /** Upstream's evictionLimiterBurst. */
  static final int BURST = 1;

  private final Set<String> queue = new LinkedHashSet<>();
  private final Clock clock;
  private TokenBucket limiter;

  RateLimitedQueue(double qps, Clock clock) {
    this.clock = clock;
    this.limiter = new TokenBucket(qps, BURST, clock);
  }

  /** Adds a node unless it is already waiting. */
  void add(String node) {
    queue.add(node);
  }

  void remove(String node) {
    queue.remove(node);
  }

  boolean contains(String node) {
    return queue.contains(node);
  }

  int size() {
    return queue.size();
  }

  double qps() {
    return limiter.qps();
  }

  /**
   * Hands waiting nodes to {@code process} while the rate allows; a node it returns true for leaves
   * the queue, one it returns false for (a failed write) goes to the back to be tried again.
   */
  void tryEach(Predicate<String> process) {
    while (!queue.isEmpty() && limiter.tryAccept()) {
      String node = queue.iterator().next();
      queue.remove(node);
      if (!process.test(node)) {
        queue.add(node);
      }
    }
  }

  /** A new rate (upstream SwapLimiter): an exhausted limiter stays exhausted for the new one. */
  void swapLimiter(double qps) {
    if (limiter.qps() == qps) {
      return;
    }
    TokenBucket next = new TokenBucket(qps, BURST, clock);
    if (qps > 0 && !limiter.tryAccept()) {
      next.tryAccept();
    }
    limiter = next;
  }
}
