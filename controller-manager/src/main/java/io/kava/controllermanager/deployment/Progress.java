package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.DeploymentStatus;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetCondition;
import io.kava.client.ApiObjects;
import io.kava.client.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Status during a rollout with the Progressing condition (upstream progress.go): NewReplicaSetAvailable
 * once complete, ReplicaSetUpdated whenever pods moved, ProgressDeadlineExceeded when nothing moved for
 * progressDeadlineSeconds; a stuck Deployment is requeued for the moment its deadline passes.
 */
final class Progress {
  private final DeploymentWrites writes;
  private final Clock clock;
  private final BiConsumer<String, Duration> requeueAfter;

  Progress(DeploymentWrites writes, Clock clock, BiConsumer<String, Duration> requeueAfter) {
    this.writes = writes;
    this.clock = clock;
    this.requeueAfter = requeueAfter;
  }

  void syncRolloutStatus(SyncTarget target, List<ReplicaSet> allRSs, ReplicaSet newRS) {
    Deployment d = target.deployment();
    Instant now = clock.instant();
    DeploymentStatus newStatus = DeploymentStatuses.calculate(allRSs, newRS, d, now);
    boolean hasDeadline = DeploymentSpecs.hasProgressDeadline(d);
    if (!hasDeadline) {
      newStatus = Conditions.remove(newStatus, Conditions.PROGRESSING);
    }
    DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
    boolean completeBefore = newStatus.getReplicas() == newStatus.getUpdatedReplicas() && current != null
        && current.getReason().equals(Conditions.NEW_RS_AVAILABLE);
    if (hasDeadline && !completeBefore) {
      String subject = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\""
          : "Deployment \"" + d.getMetadata().getName() + "\"";
      if (DeploymentStatuses.complete(d, newStatus)) {
        newStatus = Conditions.set(newStatus, Conditions.of(Conditions.PROGRESSING, Conditions.TRUE,
            Conditions.NEW_RS_AVAILABLE, subject + " has successfully progressed.", now));
      } else if (DeploymentStatuses.progressing(d, newStatus)) {
        // Progress refreshes lastUpdateTime even with the same reason, which Conditions.set would skip.
        DeploymentCondition condition = Conditions.of(Conditions.PROGRESSING, Conditions.TRUE,
            Conditions.REPLICA_SET_UPDATED, subject + " is progressing.", now);
        if (current != null) {
          if (current.getStatus().equals(Conditions.TRUE)) {
            condition = condition.toBuilder().setLastTransitionTime(current.getLastTransitionTime()).build();
          }
          newStatus = Conditions.remove(newStatus, Conditions.PROGRESSING);
        }
        newStatus = Conditions.set(newStatus, condition);
      } else if (timedOut(d, newStatus, now)) {
        newStatus = Conditions.set(newStatus, Conditions.of(Conditions.PROGRESSING, Conditions.FALSE,
            Conditions.TIMED_OUT, subject + " has timed out progressing.", now));
      }
    }
    DeploymentCondition failure = replicaFailure(allRSs, newRS);
    newStatus = failure != null ? Conditions.set(newStatus, failure)
        : Conditions.remove(newStatus, Conditions.REPLICA_FAILURE);

    if (d.getStatus().equals(newStatus)) {
      requeueStuckDeployment(d, newStatus, now);
      return;
    }
    target.deployment(writes.updateStatus(d.toBuilder().setStatus(newStatus).build()));
  }

  /** Timed out: the Progressing condition says so, or was last updated longer than the deadline ago. */
  boolean timedOut(Deployment d, DeploymentStatus status, Instant now) {
    var deadline = DeploymentSpecs.progressDeadlineSeconds(d);
    DeploymentCondition condition = Conditions.get(status, Conditions.PROGRESSING);
    if (deadline.isEmpty() || condition == null) {
      return false;
    }
    // After a successful rollout a resync must not report the old rollout as stuck.
    if (condition.getReason().equals(Conditions.NEW_RS_AVAILABLE)) {
      return false;
    }
    if (condition.getReason().equals(Conditions.TIMED_OUT)) {
      return true;
    }
    Instant from = Times.parse(condition.getLastUpdateTime());
    return from != null && from.plusSeconds(deadline.getAsInt()).isBefore(now);
  }

  /** ReplicaFailure of the new ReplicaSet, else of any, as a Deployment condition (upstream getReplicaFailures). */
  private static DeploymentCondition replicaFailure(List<ReplicaSet> allRSs, ReplicaSet newRS) {
    if (newRS != null) {
      for (ReplicaSetCondition c : newRS.getStatus().getConditionsList()) {
        if (c.getType().equals(Conditions.REPLICA_FAILURE)) {
          return fromReplicaSet(c);
        }
      }
    }
    for (ReplicaSet rs : allRSs) {
      if (rs == null) {
        continue;
      }
      for (ReplicaSetCondition c : rs.getStatus().getConditionsList()) {
        if (c.getType().equals(Conditions.REPLICA_FAILURE)) {
          return fromReplicaSet(c);
        }
      }
    }
    return null;
  }

  private static DeploymentCondition fromReplicaSet(ReplicaSetCondition c) {
    return DeploymentCondition.newBuilder().setType(c.getType()).setStatus(c.getStatus())
        .setLastTransitionTime(c.getLastTransitionTime()).setLastUpdateTime(c.getLastTransitionTime())
        .setReason(c.getReason()).setMessage(c.getMessage()).build();
  }

  /**
   * Nothing moved: look again when the deadline passes, since no event will say so (upstream
   * requeueStuckDeployment). Returns the delay, or null when no check is needed.
   */
  Duration requeueStuckDeployment(Deployment d, DeploymentStatus newStatus, Instant now) {
    DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
    var deadline = DeploymentSpecs.progressDeadlineSeconds(d);
    if (deadline.isEmpty() || current == null) {
      return null;
    }
    if (DeploymentStatuses.complete(d, newStatus) || current.getReason().equals(Conditions.TIMED_OUT)) {
      return null;
    }
    Instant lastUpdate = Times.parse(current.getLastUpdateTime());
    if (lastUpdate == null) {
      return null;
    }
    Duration after = Duration.between(now, lastUpdate.plusSeconds(deadline.getAsInt()));
    // A second more avoids waking just before the deadline because of clock granularity.
    Duration delay = after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1);
    requeueAfter.accept(ApiObjects.key(d), delay);
    return delay;
  }
}
