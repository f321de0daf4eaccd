package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Sets a ReplicaSet's spec.replicas together with its desired-replicas and max-replicas annotations and
 * records a ScalingReplicaSet event on the Deployment (upstream scaleReplicaSet and
 * scaleReplicaSetAndRecordEvent).
 */
final class Scaler {
  static final String SCALING_REPLICA_SET = "ScalingReplicaSet";

  /** Whether the size changed, and the ReplicaSet as it is now (the stored copy after a write). */
  record Result(boolean scaled, ReplicaSet replicaSet) {}

  private final DeploymentWrites writes;

  Scaler(DeploymentWrites writes) {
    this.writes = writes;
  }

  /** No write at all when the size is already right. */
  Result scaleAndRecordEvent(ReplicaSet rs, int newScale, Deployment d) {
    if (ReplicaSets.replicas(rs) == newScale) {
      return new Result(false, rs);
    }
    return scale(rs, newScale, d, ReplicaSets.replicas(rs) < newScale ? "up" : "down");
  }

  /** Writes when the size or the replica annotations are out of date; the event only for a size change. */
  Result scale(ReplicaSet rs, int newScale, Deployment d, String operation) {
    boolean sizeNeedsUpdate = ReplicaSets.replicas(rs) != newScale;
    int desired = DeploymentSpecs.replicas(d);
    int max = desired + Fenceposts.maxSurge(d);
    if (!sizeNeedsUpdate && !Revisions.replicasAnnotationsNeedUpdate(rs, desired, max)) {
      return new Result(false, rs);
    }
    Map<String, String> annotations = new HashMap<>(rs.getMetadata().getAnnotationsMap());
    Revisions.setReplicasAnnotations(annotations, desired, max);
    ReplicaSet updated = writes.update(d, rs.toBuilder()
        .setMetadata(rs.getMetadata().toBuilder().clearAnnotations().putAllAnnotations(annotations))
        .setSpec(rs.getSpec().toBuilder().setReplicas(newScale))
        .build());
    if (sizeNeedsUpdate) {
      writes.events().normal(d, SCALING_REPLICA_SET,
          "Scaled " + operation + " replica set " + updated.getMetadata().getName() + " to " + newScale);
    }
    return new Result(sizeNeedsUpdate, updated);
  }
}
