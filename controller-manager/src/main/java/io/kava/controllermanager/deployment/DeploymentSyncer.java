package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.util.ControllerRefManager;
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.Selectors;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Deployment sync (upstream syncDeployment): read it from the cache, claim its ReplicaSets
 * (adopting matching orphans, releasing what no longer matches), then, in upstream's order of
 * precedence: status only while deleting, scaling only while paused or when spec.replicas changed,
 * otherwise a rollout by its strategy.
 */
final class DeploymentSyncer {
  private static final Logger log = LoggerFactory.getLogger(DeploymentSyncer.class);
  static final String SELECTING_ALL = "SelectingAll";

  private final Lister<Deployment> deployments;
  private final Lister<ReplicaSet> replicaSets;
  private final Lister<Pod> pods;
  private final DeploymentWrites writes;
  private final PendingWrites pending;
  private final Sync sync;
  private final RollingUpdate rolling;
  private final Recreate recreate;

  DeploymentSyncer(Lister<Deployment> deployments, Lister<ReplicaSet> replicaSets, Lister<Pod> pods,
      DeploymentWrites writes, PendingWrites pending, Clock clock, BiConsumer<String, Duration> requeueAfter) {
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.writes = writes;
    this.pending = pending;
    Scaler scaler = new Scaler(writes);
    NewReplicaSets newReplicaSets = new NewReplicaSets(writes, replicaSets, clock);
    Progress progress = new Progress(writes, clock, requeueAfter);
    this.sync = new Sync(newReplicaSets, scaler, writes, clock);
    this.rolling = new RollingUpdate(newReplicaSets, scaler, sync, progress);
    this.recreate = new Recreate(newReplicaSets, scaler, sync, progress);
  }

  void sync(String key) {
    Optional<Deployment> cached = deployments.get(key);
    if (cached.isEmpty()) {
      pending.forget(key);
      log.debug("Deployment {} has been deleted", key);
      return;
    }
    if (!pending.caughtUp(key)) {
      // Our own writes are still on their way to the caches; their events enqueue this key again.
      log.debug("Waiting for the caches to see writes {} of {}", pending.outstanding(key), key);
      return;
    }
    Deployment d = cached.get();
    if (Selectors.isEmpty(d.getSpec().getSelector())) {
      writes.events().warning(d, SELECTING_ALL, "This deployment is selecting all pods. A non-empty selector is required.");
      if (d.getStatus().getObservedGeneration() < d.getMetadata().getGeneration()) {
        writes.updateStatus(d.toBuilder().setStatus(d.getStatus().toBuilder()
            .setObservedGeneration(d.getMetadata().getGeneration())).build());
      }
      return;
    }
    Selectors.validate(d.getSpec().getSelector());

    List<ReplicaSet> owned = claimReplicaSets(d);
    if (owned.stream().anyMatch(rs -> !OwnerReferences.isControlledBy(rs, d.getMetadata().getUid()))) {
      // Just adopted: the copies in hand predate the adoption, so writing them would only conflict.
      // The adoption's own update event brings this Deployment back with fresh caches.
      log.debug("Adopted replica sets for {}, syncing again once the cache has them", key);
      return;
    }
    SyncTarget target = new SyncTarget(d, owned, podsByReplicaSet(d, owned));
    if (!d.getMetadata().getDeletionTimestamp().isEmpty()) {
      sync.syncStatusOnly(target);
      return;
    }
    sync.checkPausedConditions(target);
    if (target.deployment().getSpec().getPaused()) {
      sync.sync(target);
      return;
    }
    if (sync.isScalingEvent(target)) {
      sync.sync(target);
      return;
    }
    if (DeploymentSpecs.isRecreate(d)) {
      recreate.rollout(target);
    } else if (DeploymentSpecs.isRollingUpdate(d)) {
      rolling.rollout(target);
    } else {
      throw new IllegalArgumentException(NewReplicaCount.unsupportedStrategy(d));
    }
  }

  /** The ReplicaSets this Deployment controls after adoption and release (upstream getReplicaSetsForDeployment). */
  private List<ReplicaSet> claimReplicaSets(Deployment d) {
    List<ReplicaSet> candidates = replicaSets.list(d.getMetadata().getNamespace());
    ControllerRefManager<ReplicaSet> manager = new ControllerRefManager<>(writes.replicaSets(), d,
        rs -> Selectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabelsMap()),
        () -> writes.deployments().get(d.getMetadata().getNamespace(), d.getMetadata().getName()));
    return manager.claim(candidates);
  }

  /**
   * The pods of the owned ReplicaSets by ReplicaSet uid, finished ones included: Recreate must know
   * that no old pod is running anymore (upstream getPodMapForDeployment).
   */
  private Map<String, List<Pod>> podsByReplicaSet(Deployment d, List<ReplicaSet> owned) {
    Map<String, List<Pod>> byUid = new HashMap<>();
    for (ReplicaSet rs : owned) {
      byUid.put(rs.getMetadata().getUid(), new ArrayList<>());
    }
    for (Pod pod : pods.list(d.getMetadata().getNamespace())) {
      if (!Selectors.matches(d.getSpec().getSelector(), pod.getMetadata().getLabelsMap())) {
        continue;
      }
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isPresent() && byUid.containsKey(ref.get().getUid())) {
        byUid.get(ref.get().getUid()).add(pod);
      }
    }
    return byUid;
  }

  PendingWrites pending() {
    return pending;
  }
}
