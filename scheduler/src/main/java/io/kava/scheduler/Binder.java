package io.kava.scheduler;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a placement through the API's Bind call, off the scheduling thread (upstream's binding cycle),
 * and settles the assumed pod by the answer:
 * <ul>
 *   <li>bound: record the Scheduled event; the watch will confirm the assumed pod;</li>
 *   <li>already bound (Conflict): someone else placed it; forget, and never retry;</li>
 *   <li>pod gone: forget;</li>
 *   <li>any other error: forget and retry the pod with backoff.</li>
 * </ul>
 */
final class Binder {
  private static final Logger log = LoggerFactory.getLogger(Binder.class);

  enum Outcome { BOUND, ALREADY_BOUND, GONE, FAILED }

  private final ResourceClient<Pod> pods;
  private final SchedulerCache cache;
  private final SchedulingQueue queue;
  private final EventRecorder events;
  private final java.util.function.BiConsumer<Pod, String> preBind;

  Binder(ResourceClient<Pod> pods, SchedulerCache cache, SchedulingQueue queue, EventRecorder events) {
    this(pods, cache, queue, events, (pod, node) -> {});
  }

  /** With the framework's PreBind step run just before the bind (its failure fails the bind). */
  Binder(ResourceClient<Pod> pods, SchedulerCache cache, SchedulingQueue queue, EventRecorder events,
      java.util.function.BiConsumer<Pod, String> preBind) {
    this.preBind = preBind;
    this.pods = pods;
    this.cache = cache;
    this.queue = queue;
    this.events = events;
  }

  Outcome bind(Pod pod, String nodeName) {
    String key = ApiObjects.key(pod);
    try {
      preBind.accept(pod, nodeName);
    } catch (ApiException e) {
      // A claim write that failed (a conflict too): not a sign the pod is bound; try the pod again.
      cache.forget(key);
      log.warn("Failed the pre-bind of pod {} to {}, retrying: {}", key, nodeName, e.getMessage());
      queue.retryWithBackoff(key);
      return Outcome.FAILED;
    }
    try {
      pods.bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName);
    } catch (ApiException e) {
      cache.forget(key);
      if (e.isConflict() || e.isAlreadyExists()) {
        log.info("Skipped binding pod {}: it was already bound ({})", key, e.getMessage());
        queue.forget(key);
        return Outcome.ALREADY_BOUND;
      }
      if (e.isNotFound()) {
        log.debug("Skipped binding pod {}: it was deleted", key);
        queue.forget(key);
        return Outcome.GONE;
      }
      log.warn("Failed to bind pod {} to {}, retrying: {}", key, nodeName, e.getMessage());
      queue.retryWithBackoff(key);
      return Outcome.FAILED;
    }
    log.info("Bound pod {} to {}", key, nodeName);
    events.normal(pod, "Scheduled", "Successfully assigned " + key + " to " + nodeName);
    return Outcome.BOUND;
  }
}
