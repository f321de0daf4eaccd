package io.kava.controllermanager.job;

import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobStatus;
import io.kava.api.batch.v1.UncountedTerminatedPods;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ResourceClient;
import io.kava.client.patch.PatchType;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job tracking with finalizers (upstream KEP-2307): every pod a Job creates carries
 * {@value #FINALIZER}, so a finished pod cannot vanish before the Job has counted it. The controller
 * first records a finished pod's UID in {@code status.uncountedTerminatedPods}, then removes the
 * finalizer, then moves the UID into the counters; a restart between any two steps loses nothing and
 * counts nothing twice.
 */
final class JobTracking {
  private static final Logger log = LoggerFactory.getLogger(JobTracking.class);
  static final String FINALIZER = "batch.kubernetes.io/job-tracking";

  private final ResourceClient<Pod> pods;
  private final ExecutorService writers;
  /**
   * UIDs whose finalizer this controller removed and whose pods the cache still shows with it (upstream's
   * expectedRmFinalizers): counted already, so not counted again from a stale cache.
   */
  private final Set<String> removing = ConcurrentHashMap.newKeySet();

  /** status.uncountedTerminatedPods: UIDs of finished pods recorded but not yet in the counters. */
  record Uncounted(Set<String> succeeded, Set<String> failed) {
    static Uncounted of(JobStatus status) {
      UncountedTerminatedPods u = status.getUncountedTerminatedPods();
      return new Uncounted(new LinkedHashSet<>(u.getSucceededList()), new LinkedHashSet<>(u.getFailedList()));
    }

    boolean contains(String uid) {
      return succeeded.contains(uid) || failed.contains(uid);
    }

    boolean isEmpty() {
      return succeeded.isEmpty() && failed.isEmpty();
    }

    /** The UIDs whose pods still hold the finalizer: the others are gone or released, so they count now. */
    Uncounted retain(Set<String> stillTracked) {
      Set<String> s = new LinkedHashSet<>(succeeded);
      Set<String> f = new LinkedHashSet<>(failed);
      s.retainAll(stillTracked);
      f.retainAll(stillTracked);
      return new Uncounted(s, f);
    }

    UncountedTerminatedPods toProto() {
      return UncountedTerminatedPods.newBuilder().addAllSucceeded(succeeded).addAllFailed(failed).build();
    }
  }

  JobTracking(ResourceClient<Pod> pods, ExecutorService writers) {
    this.pods = pods;
    this.writers = writers;
  }

  static boolean tracked(Pod pod) {
    return pod.getMetadata().getFinalizersList().contains(FINALIZER);
  }

  /** Holds the finalizer as far as the controller knows: the cache shows it and no removal of it is pending. */
  boolean holds(Pod pod) {
    return tracked(pod) && !removing.contains(pod.getMetadata().getUid());
  }

  /** The cache caught up with a pod: once it shows the finalizer gone (or the pod gone), nothing is pending. */
  void observed(Pod pod, boolean deleted) {
    if (deleted || !tracked(pod)) {
      removing.remove(pod.getMetadata().getUid());
    }
  }

  static Pod withFinalizer(Pod pod) {
    if (tracked(pod)) {
      return pod;
    }
    Pod.Builder b = pod.toBuilder();
    b.getMetadataBuilder().addFinalizers(FINALIZER);
    return b.build();
  }

  /** A tracked pod whose controller reference names a Job called NAME but not the live Job LIVE_UID (if any). */
  static boolean orphanOf(Pod pod, String name, Optional<String> liveUid) {
    if (!tracked(pod)) {
      return false;
    }
    Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
    return ref.isPresent() && OwnerReferences.refersTo(ref.get(), Kinds.JOB) && ref.get().getName().equals(name)
        && !liveUid.equals(Optional.of(ref.get().getUid()));
  }

  /** A tracked pod whose Job is not in the cache: its finalizer must still go (upstream's orphan pod handling). */
  static Optional<String> orphanJobName(Pod pod, Optional<Job> owner) {
    if (!tracked(pod) || owner.isPresent()) {
      return Optional.empty();
    }
    return OwnerReferences.controllerOf(pod).filter(ref -> OwnerReferences.refersTo(ref, Kinds.JOB))
        .map(OwnerReference::getName);
  }

  /**
   * Removes the finalizer from each pod, in parallel; returns the UIDs of the pods that no longer hold it
   * (removed now, or the pod is gone). A failure leaves the pod tracked for the next sync.
   */
  Set<String> release(List<Pod> victims) throws InterruptedException {
    Set<String> released = ConcurrentHashMap.newKeySet();
    List<Future<?>> writes = new ArrayList<>();
    for (Pod pod : victims) {
      writes.add(writers.submit(() -> {
        if (releaseOne(pod)) {
          released.add(pod.getMetadata().getUid());
        }
      }));
    }
    for (Future<?> write : writes) {
      try {
        write.get();
      } catch (ExecutionException e) {
        log.warn("Failed to remove the job-tracking finalizer: {}", e.getCause().toString());
      }
    }
    return released;
  }

  private boolean releaseOne(Pod pod) {
    int at = pod.getMetadata().getFinalizersList().indexOf(FINALIZER);
    if (at < 0) {
      return true;
    }
    // test + remove: the list is only shortened if it still holds the finalizer where the cache saw it.
    String path = "/metadata/finalizers/" + at;
    String patch = "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":\"" + FINALIZER + "\"},"
        + "{\"op\":\"remove\",\"path\":\"" + path + "\"}]";
    try {
      pods.patch(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), PatchType.JSON, patch, false);
      removing.add(pod.getMetadata().getUid());
      return true;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return true;
      }
      log.info("Could not remove the job-tracking finalizer of pod {}/{} yet: {}", pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(), e.getMessage());
      return false;
    }
  }
}
