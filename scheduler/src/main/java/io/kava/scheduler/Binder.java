package io.kava.scheduler;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
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
 * A PreBind failure (a claim write, a claim that was not bound within the bind timeout) forgets the
 * assumed pod and retries it with backoff too, as upstream's unreserve.
 */
final class Binder {
  private static final Logger log = LoggerFactory.getLogger(Binder.class);

  enum Outcome { BOUND, ALREADY_BOUND, GONE, FAILED }

  private final ResourceClient<Pod> pods;
  private final SchedulerCache cache;
  private final SchedulingQueue queue;
  private final EventRecorder events;
  private final BiFunction<Pod, String, CompletableFuture<Void>> preBind;
  private final Executor executor;

  Binder(ResourceClient<Pod> pods, SchedulerCache cache, SchedulingQueue queue, EventRecorder events) {
    this(pods, cache, queue, events, (pod, node) -> CompletableFuture.completedFuture(null), Runnable::run);
  }

  /**
   * With the framework's PreBind step before the bind (its failure fails the bind). A PreBind that is
   * still waiting (VolumeBinding until the claims are bound) holds no thread: the bind continues on the
   * executor once it completes.
   */
  Binder(ResourceClient<Pod> pods, SchedulerCache cache, SchedulingQueue queue, EventRecorder events,
      BiFunction<Pod, String, CompletableFuture<Void>> preBind, Executor executor) {
    this.preBind = preBind;
    this.executor = executor;
    this.pods = pods;
    this.cache = cache;
    this.queue = queue;
    this.events = events;
  }

  /** Runs PreBind, then the bind; completes with the outcome (at once unless PreBind waits). */
  CompletableFuture<Outcome> bind(Pod pod, String nodeName) {
    CompletableFuture<Void> ready;
    try {
      ready = preBind.apply(pod, nodeName);
    } catch (RuntimeException e) {
      ready = CompletableFuture.failedFuture(e);
    }
    if (ready.isDone()) {
      return CompletableFuture.completedFuture(afterPreBind(pod, nodeName, ready.handle((ok, e) -> e).join()));
    }
    return ready.handleAsync((ok, e) -> afterPreBind(pod, nodeName, e), executor);
  }

  private Outcome afterPreBind(Pod pod, String nodeName, Throwable failure) {
    if (failure == null) {
      return bindNow(pod, nodeName);
    }
    // Upstream's unreserve: the assumed pod stops counting on the node and the pod is tried again.
    String key = ApiObjects.key(pod);
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    cache.forget(key);
    log.warn("Failed the pre-bind of pod {} to {}, retrying: {}", key, nodeName, cause.getMessage());
    if (!(rootCause(cause) instanceof ApiException)) {
      // A claim write that failed is no news for the user; a wait that timed out or went wrong is.
      events.warning(pod, "FailedScheduling", cause.getMessage());
    }
    queue.retryWithBackoff(key);
    return Outcome.FAILED;
  }

  private static Throwable rootCause(Throwable t) {
    return t.getCause() != null && t.getCause() != t ? rootCause(t.getCause()) : t;
  }

  private Outcome bindNow(Pod pod, String nodeName) {
    String key = ApiObjects.key(pod);
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
