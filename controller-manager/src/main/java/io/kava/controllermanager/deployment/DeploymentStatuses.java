package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentStatus;
import io.kava.api.apps.v1.ReplicaSet;
import java.time.Instant;
import java.util.List;

/** The status a Deployment's ReplicaSets add up to (upstream calculateStatus, DeploymentComplete, DeploymentProgressing). */
final class DeploymentStatuses {
  private DeploymentStatuses() {}

  /** Counts from the ReplicaSets' status, conditions carried over with Available recomputed. */
  static DeploymentStatus calculate(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d, Instant now) {
    int available = ReplicaSets.availableReplicas(allRSs);
    int total = ReplicaSets.specReplicas(allRSs);
    // More available than desired (scaling down) is not negative unavailability.
    int unavailable = Math.max(total - available, 0);
    DeploymentStatus.Builder b = DeploymentStatus.newBuilder()
        .setObservedGeneration(d.getMetadata().getGeneration())
        .setReplicas(ReplicaSets.actualReplicas(allRSs))
        .setUpdatedReplicas(ReplicaSets.actualReplicas(java.util.Collections.singletonList(newRS)))
        .setReadyReplicas(ReplicaSets.readyReplicas(allRSs))
        .setAvailableReplicas(available)
        .setUnavailableReplicas(unavailable)
        .addAllConditions(d.getStatus().getConditionsList());
    if (d.getStatus().hasCollisionCount()) {
      b.setCollisionCount(d.getStatus().getCollisionCount());
    }
    DeploymentStatus status = b.build();
    if (available >= DeploymentSpecs.replicas(d) - Fenceposts.maxUnavailable(d)) {
      return Conditions.set(status, Conditions.of(Conditions.AVAILABLE, Conditions.TRUE,
          Conditions.MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", now));
    }
    return Conditions.set(status, Conditions.of(Conditions.AVAILABLE, Conditions.FALSE,
        Conditions.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now));
  }

  /** Every desired replica updated and available, no old ones left, current generation observed. */
  static boolean complete(Deployment d, DeploymentStatus status) {
    int replicas = DeploymentSpecs.replicas(d);
    return status.getUpdatedReplicas() == replicas && status.getReplicas() == replicas
        && status.getAvailableReplicas() == replicas
        && status.getObservedGeneration() >= d.getMetadata().getGeneration();
  }

  /** New pods added or became ready/available, or old pods went away, since the status last written. */
  static boolean progressing(Deployment d, DeploymentStatus newStatus) {
    DeploymentStatus old = d.getStatus();
    int oldStatusOldReplicas = old.getReplicas() - old.getUpdatedReplicas();
    int newStatusOldReplicas = newStatus.getReplicas() - newStatus.getUpdatedReplicas();
    return newStatus.getUpdatedReplicas() > old.getUpdatedReplicas()
        || newStatusOldReplicas < oldStatusOldReplicas
        || newStatus.getReadyReplicas() > old.getReadyReplicas()
        || newStatus.getAvailableReplicas() > old.getAvailableReplicas();
  }
}
