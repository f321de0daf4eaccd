package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The RollingUpdate strategy (upstream rolling.go): each sync either scales the new ReplicaSet up
 * (never beyond replicas + maxSurge pods in total) or scales old ones down (never below
 * replicas - maxUnavailable available pods, unhealthy old pods first), then writes status; once
 * neither moves the rollout is done and history is pruned.
 */
final class RollingUpdate {
  private final NewReplicaSets newReplicaSets;
  private final Scaler scaler;
  private final Sync sync;
  private final Progress progress;

  RollingUpdate(NewReplicaSets newReplicaSets, Scaler scaler, Sync sync, Progress progress) {
    this.newReplicaSets = newReplicaSets;
    this.scaler = scaler;
    this.sync = sync;
    this.progress = progress;
  }

  void rollout(SyncTarget target) {
    NewReplicaSets.Split split = newReplicaSets.getAllAndSyncRevision(target, true);
    Deployment d = target.deployment();
    ReplicaSet newRS = split.newRS();
    List<ReplicaSet> oldRSs = split.oldRSs();
    List<ReplicaSet> allRSs = split.all();

    if (reconcileNewReplicaSet(allRSs, newRS, d)) {
      progress.syncRolloutStatus(target, allRSs, newRS);
      return;
    }
    if (reconcileOldReplicaSets(allRSs, ReplicaSets.active(oldRSs), newRS, d)) {
      progress.syncRolloutStatus(target, allRSs, newRS);
      return;
    }
    if (DeploymentStatuses.complete(d, d.getStatus())) {
      sync.cleanupDeployment(oldRSs, d);
    }
    progress.syncRolloutStatus(target, allRSs, newRS);
  }

  /** Scales the new ReplicaSet toward spec.replicas within the surge budget; true when it wrote a new size. */
  boolean reconcileNewReplicaSet(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
    int replicas = DeploymentSpecs.replicas(d);
    int current = ReplicaSets.replicas(newRS);
    if (current == replicas) {
      return false;
    }
    if (current > replicas) {
      return scaler.scaleAndRecordEvent(newRS, replicas, d).scaled();
    }
    return scaler.scaleAndRecordEvent(newRS, NewReplicaCount.of(d, allRSs, newRS), d).scaled();
  }

  /**
   * Scales old ReplicaSets down as far as availability allows; true when it scaled any. The budget is
   * all pods - minAvailable - the new ReplicaSet's unavailable pods, so unavailable new pods never
   * let old available ones go (upstream's worked example: 10 replicas, maxUnavailable 2, maxSurge 3).
   */
  boolean reconcileOldReplicaSets(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, ReplicaSet newRS, Deployment d) {
    if (ReplicaSets.specReplicas(oldRSs) == 0) {
      return false;
    }
    int allPods = ReplicaSets.specReplicas(allRSs);
    int minAvailable = DeploymentSpecs.replicas(d) - Fenceposts.maxUnavailable(d);
    int newRSUnavailable = ReplicaSets.replicas(newRS) - newRS.getStatus().getAvailableReplicas();
    int maxScaledDown = allPods - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0) {
      return false;
    }
    List<ReplicaSet> cleaned = new ArrayList<>(oldRSs);
    int cleanedUp = cleanupUnhealthyReplicas(cleaned, d, maxScaledDown);
    int scaledDown = scaleDownOldReplicaSets(ReplicaSets.plus(cleaned, newRS), cleaned, d);
    return cleanedUp + scaledDown > 0;
  }

  /**
   * Removes old pods that are not available first (oldest ReplicaSet first), at most maxCleanup: that
   * costs no availability. Replaces the scaled entries of oldRSs by their new copies.
   */
  int cleanupUnhealthyReplicas(List<ReplicaSet> oldRSs, Deployment d, int maxCleanup) {
    oldRSs.sort(ReplicaSets.BY_CREATION);
    int total = 0;
    for (int i = 0; i < oldRSs.size(); i++) {
      if (total >= maxCleanup) {
        break;
      }
      ReplicaSet rs = oldRSs.get(i);
      int replicas = ReplicaSets.replicas(rs);
      int available = rs.getStatus().getAvailableReplicas();
      if (replicas == 0 || replicas == available) {
        continue;
      }
      int count = Math.min(maxCleanup - total, replicas - available);
      int newReplicas = replicas - count;
      if (newReplicas > replicas) {
        throw new IllegalStateException("Invalid request to scale down " + rs.getMetadata().getName() + " "
            + replicas + " -> " + newReplicas);
      }
      oldRSs.set(i, scaler.scaleAndRecordEvent(rs, newReplicas, d).replicaSet());
      total += count;
    }
    return total;
  }

  /** Scales old ReplicaSets down (oldest first) by as many available pods as exceed minAvailable. */
  int scaleDownOldReplicaSets(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, Deployment d) {
    int minAvailable = DeploymentSpecs.replicas(d) - Fenceposts.maxUnavailable(d);
    int available = ReplicaSets.availableReplicas(allRSs);
    if (available <= minAvailable) {
      return 0;
    }
    int total = 0;
    int toScaleDown = available - minAvailable;
    for (ReplicaSet rs : ReplicaSets.sorted(oldRSs, ReplicaSets.BY_CREATION)) {
      if (total >= toScaleDown) {
        break;
      }
      int replicas = ReplicaSets.replicas(rs);
      if (replicas == 0) {
        continue;
      }
      int count = Math.min(replicas, toScaleDown - total);
      scaler.scaleAndRecordEvent(rs, replicas - count, d);
      total += count;
    }
    return total;
  }
}
