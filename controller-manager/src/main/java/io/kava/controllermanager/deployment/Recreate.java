package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Pod;
import io.kava.controllermanager.util.Pods;
import java.util.List;
import java.util.Map;

/**
 * The Recreate strategy (upstream recreate.go): scale every old ReplicaSet to 0, wait until none of
 * their pods is left running (by the ReplicaSets' status and by the pods themselves), and only then
 * create or scale up the new ReplicaSet, so old and new pods never run side by side.
 */
final class Recreate {
  private final NewReplicaSets newReplicaSets;
  private final Scaler scaler;
  private final Sync sync;
  private final Progress progress;

  Recreate(NewReplicaSets newReplicaSets, Scaler scaler, Sync sync, Progress progress) {
    this.newReplicaSets = newReplicaSets;
    this.scaler = scaler;
    this.sync = sync;
    this.progress = progress;
  }

  void rollout(SyncTarget target) {
    // Not created yet on purpose: nothing may scale up before the old pods are gone.
    NewReplicaSets.Split split = newReplicaSets.getAllAndSyncRevision(target, false);
    Deployment d = target.deployment();
    ReplicaSet newRS = split.newRS();
    List<ReplicaSet> oldRSs = split.oldRSs();
    List<ReplicaSet> allRSs = split.all();

    if (scaleDownOldReplicaSets(ReplicaSets.active(oldRSs), d)) {
      progress.syncRolloutStatus(target, allRSs, newRS);
      return;
    }
    if (oldPodsRunning(newRS, oldRSs, target.podsByReplicaSetUid())) {
      progress.syncRolloutStatus(target, allRSs, newRS);
      return;
    }
    if (newRS == null) {
      split = newReplicaSets.getAllAndSyncRevision(target, true);
      newRS = split.newRS();
      oldRSs = split.oldRSs();
      allRSs = split.all();
      d = target.deployment();
    }
    scaler.scaleAndRecordEvent(newRS, DeploymentSpecs.replicas(d), d);
    if (DeploymentStatuses.complete(d, d.getStatus())) {
      sync.cleanupDeployment(oldRSs, d);
    }
    progress.syncRolloutStatus(target, allRSs, newRS);
  }

  private boolean scaleDownOldReplicaSets(List<ReplicaSet> activeOldRSs, Deployment d) {
    boolean scaled = false;
    for (ReplicaSet rs : activeOldRSs) {
      if (ReplicaSets.replicas(rs) != 0 && scaler.scaleAndRecordEvent(rs, 0, d).scaled()) {
        scaled = true;
      }
    }
    return scaled;
  }

  /**
   * Whether an old ReplicaSet still reports pods, or a pod of one is in any phase but Succeeded or
   * Failed (Unknown counts: it may still be running).
   */
  static boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldRSs, Map<String, List<Pod>> podsByReplicaSetUid) {
    if (ReplicaSets.actualReplicas(oldRSs) > 0) {
      return true;
    }
    for (Map.Entry<String, List<Pod>> e : podsByReplicaSetUid.entrySet()) {
      if (newRS != null && newRS.getMetadata().getUid().equals(e.getKey())) {
        continue;
      }
      for (Pod pod : e.getValue()) {
        String phase = pod.getStatus().getPhase();
        if (!Pods.PHASE_SUCCEEDED.equals(phase) && !Pods.PHASE_FAILED.equals(phase)) {
          return true;
        }
      }
    }
    return false;
  }
}
