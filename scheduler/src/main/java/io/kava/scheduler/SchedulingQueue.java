package io.kava.scheduler;

import io.kava.client.workqueue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Pods waiting for a scheduling attempt, as upstream's PriorityQueue: an active {@link WorkQueue} in
 * upstream's PrioritySort order (higher spec.priority first, then the pod that entered the queue first;
 * dedup, one attempt per pod at a time, per-pod backoff after errors) and a set of
 * unschedulable pods parked until something changes in the cluster (a node appears or changes, an
 * assigned pod goes away) or the periodic flush comes round.
 *
 * <p>A pod that failed in a cycle which started before such a change is not parked but retried at
 * once: the change may be exactly what it needed (upstream's moveRequestCycle).
 */
final class SchedulingQueue implements AutoCloseable {
  /** Upstream's podInitialBackoffDuration and podMaxBackoffDuration. */
  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final WorkQueue active;
  private final Set<String> unschedulable = new HashSet<>();
  private long moveRequests;

  SchedulingQueue() {
    this(key -> 0);
  }

  /** PRIORITY gives a pod's spec.priority by key, read as the pod enters the active queue. */
  SchedulingQueue(ToLongFunction<String> priority) {
    this(INITIAL_BACKOFF, MAX_BACKOFF, priority);
  }

  SchedulingQueue(Duration initialBackoff, Duration maxBackoff) {
    this(initialBackoff, maxBackoff, key -> 0);
  }

  SchedulingQueue(Duration initialBackoff, Duration maxBackoff, ToLongFunction<String> priority) {
    this.active = new WorkQueue("scheduler", initialBackoff, maxBackoff, priority);
  }

  /** A new or changed pod: try it now. */
  void add(String key) {
    synchronized (this) {
      unschedulable.remove(key);
    }
    active.add(key);
  }

  /** Blocks for the next pod to try; null once closed. Call {@link #done} after the attempt. */
  String take() throws InterruptedException {
    return active.take();
  }

  void done(String key) {
    active.done(key);
  }

  /** Marks the start of an attempt; pass the value to {@link #parkUnschedulable}. */
  synchronized long moveRequestCycle() {
    return moveRequests;
  }

  /** No node fits: wait for a cluster change, unless one happened since the attempt began. */
  void parkUnschedulable(String key, long cycleAtStart) {
    synchronized (this) {
      if (moveRequests == cycleAtStart) {
        unschedulable.add(key);
        return;
      }
    }
    active.add(key);
  }

  /** The attempt failed for another reason (API error): retry with the pod's own backoff. */
  void retryWithBackoff(String key) {
    active.addRateLimited(key);
  }

  /** The pod is placed or gone: drop its backoff and its parked state. */
  void forget(String key) {
    synchronized (this) {
      unschedulable.remove(key);
    }
    active.forget(key);
  }

  synchronized boolean isUnschedulable(String key) {
    return unschedulable.contains(key);
  }

  /** How many times in a row the pod failed for a reason other than "no node fits". */
  int failures(String key) {
    return active.numRequeues(key);
  }

  /** Something changed that may let parked pods fit: send them all back to the active queue. */
  int flushUnschedulable() {
    List<String> moved;
    synchronized (this) {
      moveRequests++;
      moved = new ArrayList<>(unschedulable);
      unschedulable.clear();
    }
    moved.forEach(active::add);
    return moved.size();
  }

  @Override
  public void close() {
    active.shutDown();
  }
}
