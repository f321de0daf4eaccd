package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Routes "namespace/name" keys from the work queue to one {@link PodWorker} per pod. A key whose pod
 * is gone from the API (after the informer's list succeeded) has its containers stopped and removed.
 */
public final class PodWorkers {
  private final Function<String, Optional<Pod>> pods;
  private final BooleanSupplier podsSynced;
  private final PodSyncContext ctx;
  private final BiConsumer<String, Duration> requeue;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();

  /**
   * @param pods the latest pod by key (the informer's lister)
   * @param podsSynced whether the lister holds a complete list: only then is a missing pod really gone
   * @param requeue schedules a key for another sync after a delay
   */
  public PodWorkers(Function<String, Optional<Pod>> pods, BooleanSupplier podsSynced, PodSyncContext ctx,
      BiConsumer<String, Duration> requeue) {
    this.pods = pods;
    this.podsSynced = podsSynced;
    this.ctx = ctx;
    this.requeue = requeue;
  }

  /** The work queue's reconcile function. */
  public void sync(String key) {
    Optional<Pod> pod = pods.apply(key);
    PodWorker worker = workers.get(key);
    if (pod.isEmpty()) {
      if (worker != null) {
        worker.terminateOrphaned();
        workers.remove(key);
      } else if (podsSynced.getAsBoolean()) {
        removeContainersOf(key);
      }
      return;
    }
    String uid = pod.get().getMetadata().getUid();
    if (worker != null && !worker.uid().equals(uid)) {
      worker.terminateOrphaned(); // the name now belongs to a new pod
      worker = null;
    }
    if (worker == null) {
      worker = new PodWorker(uid, ctx);
      workers.put(key, worker);
    }
    Duration again = worker.sync(pod.get());
    if (again != null) {
      requeue.accept(key, again);
    }
  }

  /** Containers labelled with a pod name the API no longer has (seen after a kubelet restart). */
  private void removeContainersOf(String key) {
    int slash = key.indexOf('/');
    Map<String, String> labels = new HashMap<>(ContainerLabels.ofNode(ctx.node()));
    labels.put(ContainerLabels.POD_NAMESPACE, key.substring(0, slash));
    labels.put(ContainerLabels.POD_NAME, key.substring(slash + 1));
    List<ContainerSummary> leftovers = ctx.runtime().listContainers(labels);
    if (!leftovers.isEmpty()) {
      Duration grace = Duration.ofSeconds(ContainerLabels.gracePeriodSeconds(leftovers.get(0).labels(),
          ContainerFactory.DEFAULT_GRACE_PERIOD_SECONDS));
      new PodKiller(ctx.runtime(), ctx.stopper(), ctx.events()).killAndRemove(null, leftovers, grace);
    }
  }

  public int size() {
    return workers.size();
  }
}
