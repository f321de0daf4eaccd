package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.DeploymentStatus;
import io.kava.api.apps.v1.ReplicaSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Scaling without a rollout, history cleanup and plain status (upstream sync.go): a changed
 * spec.replicas is spread over the active ReplicaSets in proportion to their size, so a rollout in
 * progress keeps its ratio of old to new pods; a paused Deployment still scales.
 */
final class Sync {
  private final NewReplicaSets newReplicaSets;
  private final Scaler scaler;
  private final DeploymentWrites writes;
  private final Clock clock;

  Sync(NewReplicaSets newReplicaSets, Scaler scaler, DeploymentWrites writes, Clock clock) {
    this.newReplicaSets = newReplicaSets;
    this.scaler = scaler;
    this.writes = writes;
    this.clock = clock;
  }

  /** Scaling events and paused Deployments: scale, prune history when paused, write status. */
  void sync(SyncTarget target) {
    NewReplicaSets.Split split = newReplicaSets.getAllAndSyncRevision(target, false);
    Deployment d = target.deployment();
    scale(d, split.newRS(), split.oldRSs());
    if (d.getSpec().getPaused()) {
      cleanupDeployment(split.oldRSs(), d);
    }
    syncDeploymentStatus(target, split.all(), split.newRS());
  }

  /** A Deployment being deleted: only its status is kept current. */
  void syncStatusOnly(SyncTarget target) {
    NewReplicaSets.Split split = newReplicaSets.getAllAndSyncRevision(target, false);
    syncDeploymentStatus(target, split.all(), split.newRS());
  }

  /**
   * Whether spec.replicas differs from the desired-replicas annotation of an active ReplicaSet, i.e. the
   * user scaled rather than changed the template (upstream isScalingEvent).
   */
  boolean isScalingEvent(SyncTarget target) {
    NewReplicaSets.Split split = newReplicaSets.getAllAndSyncRevision(target, false);
    int replicas = DeploymentSpecs.replicas(target.deployment());
    for (ReplicaSet rs : ReplicaSets.active(split.all())) {
      Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
      if (desired != null && desired != replicas) {
        return true;
      }
    }
    return false;
  }

  /** Upstream scale: one active ReplicaSet takes it all; otherwise proportional for rolling updates. */
  void scale(Deployment d, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
    int replicas = DeploymentSpecs.replicas(d);
    ReplicaSet activeOrLatest = ReplicaSets.findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest != null) {
      if (ReplicaSets.replicas(activeOrLatest) != replicas) {
        scaler.scaleAndRecordEvent(activeOrLatest, replicas, d);
      }
      return;
    }
    // A saturated new ReplicaSet (e.g. just adopted) leaves nothing for the old ones.
    if (ReplicaSets.isSaturated(d, newRS)) {
      for (ReplicaSet old : ReplicaSets.active(oldRSs)) {
        scaler.scaleAndRecordEvent(old, 0, d);
      }
      return;
    }
    if (DeploymentSpecs.isRollingUpdate(d)) {
      scaleProportionally(d, newRS, oldRSs);
    }
  }

  private void scaleProportionally(Deployment d, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
    int replicas = DeploymentSpecs.replicas(d);
    List<ReplicaSet> allRSs = ReplicaSets.active(ReplicaSets.plus(oldRSs, newRS));
    int allRSsReplicas = ReplicaSets.specReplicas(allRSs);
    int allowedSize = replicas > 0 ? replicas + Fenceposts.maxSurge(d) : 0;
    int toAdd = allowedSize - allRSsReplicas;
    String operation = "";
    if (toAdd > 0) {
      allRSs = ReplicaSets.sorted(allRSs, ReplicaSets.BY_SIZE_NEWER);
      operation = "up";
    } else if (toAdd < 0) {
      allRSs = ReplicaSets.sorted(allRSs, ReplicaSets.BY_SIZE_OLDER);
      operation = "down";
    }
    int added = 0;
    Map<String, Integer> nameToSize = new HashMap<>();
    for (ReplicaSet rs : allRSs) {
      if (toAdd != 0) {
        int proportion = proportion(rs, d, toAdd, added);
        nameToSize.put(rs.getMetadata().getName(), ReplicaSets.replicas(rs) + proportion);
        added += proportion;
      } else {
        nameToSize.put(rs.getMetadata().getName(), ReplicaSets.replicas(rs));
      }
    }
    for (int i = 0; i < allRSs.size(); i++) {
      ReplicaSet rs = allRSs.get(i);
      String name = rs.getMetadata().getName();
      // Rounding leftovers go to the largest ReplicaSet.
      if (i == 0 && toAdd != 0) {
        nameToSize.put(name, Math.max(nameToSize.get(name) + toAdd - added, 0));
      }
      scaler.scale(rs, nameToSize.get(name), d, operation);
    }
  }

  /** Upstream GetProportion: this ReplicaSet's share of the change, within what is left to add or remove. */
  static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
    if (rs == null || ReplicaSets.replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
      return 0;
    }
    int fraction = fraction(rs, d);
    int allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  /** Upstream getReplicaSetFraction: its size scaled from the Deployment size it was made for to the current one. */
  private static int fraction(ReplicaSet rs, Deployment d) {
    int replicas = DeploymentSpecs.replicas(d);
    int rsReplicas = ReplicaSets.replicas(rs);
    if (replicas == 0) {
      return -rsReplicas;
    }
    int deploymentReplicas = replicas + Fenceposts.maxSurge(d);
    Integer annotated = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS);
    int annotatedReplicas = annotated != null ? annotated : d.getStatus().getReplicas();
    if (annotatedReplicas <= 0) {
      return 0; // upstream divides by zero here; no share is the safe answer
    }
    double newSize = (double) rsReplicas * deploymentReplicas / annotatedReplicas;
    return (int) roundHalfAwayFromZero(newSize) - rsReplicas;
  }

  /** Go's math.Round. */
  private static double roundHalfAwayFromZero(double x) {
    return Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
  }

  /**
   * Deletes the oldest old ReplicaSets beyond revisionHistoryLimit, only those fully scaled down whose
   * controller has seen that (upstream cleanupDeployment).
   */
  void cleanupDeployment(List<ReplicaSet> oldRSs, Deployment d) {
    OptionalInt limit = DeploymentSpecs.revisionHistoryLimit(d);
    if (limit.isEmpty()) {
      return;
    }
    List<ReplicaSet> cleanable = new ArrayList<>();
    for (ReplicaSet rs : oldRSs) {
      if (rs != null && rs.getMetadata().getDeletionTimestamp().isEmpty()) {
        cleanable.add(rs);
      }
    }
    int diff = cleanable.size() - limit.getAsInt();
    if (diff <= 0) {
      return;
    }
    cleanable.sort(Revisions.BY_REVISION);
    for (int i = 0; i < diff; i++) {
      ReplicaSet rs = cleanable.get(i);
      if (rs.getStatus().getReplicas() != 0 || ReplicaSets.replicas(rs) != 0
          || rs.getMetadata().getGeneration() > rs.getStatus().getObservedGeneration()) {
        continue;
      }
      writes.delete(d, rs);
    }
  }

  /** Writes the status the ReplicaSets add up to, only when it differs. */
  void syncDeploymentStatus(SyncTarget target, List<ReplicaSet> allRSs, ReplicaSet newRS) {
    Deployment d = target.deployment();
    DeploymentStatus status = DeploymentStatuses.calculate(allRSs, newRS, d, clock.instant());
    if (status.equals(d.getStatus())) {
      return;
    }
    target.deployment(writes.updateStatus(d.toBuilder().setStatus(status).build()));
  }

  /**
   * Records pausing and resuming in the Progressing condition (Unknown), so time spent paused never
   * counts against progressDeadlineSeconds (upstream checkPausedConditions).
   */
  void checkPausedConditions(SyncTarget target) {
    Deployment d = target.deployment();
    if (!DeploymentSpecs.hasProgressDeadline(d)) {
      return;
    }
    DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
    if (current != null && current.getReason().equals(Conditions.TIMED_OUT)) {
      return;
    }
    boolean pausedConditionExists = current != null && current.getReason().equals(Conditions.PAUSED);
    DeploymentCondition condition;
    if (d.getSpec().getPaused() && !pausedConditionExists) {
      condition = Conditions.of(Conditions.PROGRESSING, Conditions.UNKNOWN, Conditions.PAUSED,
          "Deployment is paused", clock.instant());
    } else if (!d.getSpec().getPaused() && pausedConditionExists) {
      condition = Conditions.of(Conditions.PROGRESSING, Conditions.UNKNOWN, Conditions.RESUMED,
          "Deployment is resumed", clock.instant());
    } else {
      return;
    }
    target.deployment(writes.updateStatus(d.toBuilder().setStatus(Conditions.set(d.getStatus(), condition)).build()));
  }
}
