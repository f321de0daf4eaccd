package io.kava.controllermanager.replicaset;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetCondition;
import io.kava.api.apps.v1.ReplicaSetStatus;
import io.kava.api.core.v1.Pod;
import io.kava.client.Times;
import io.kava.controllermanager.util.Pods;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** ReplicaSet status from its claimed active pods (upstream calculateStatus). */
final class ReplicaSetStatuses {
  static final String REPLICA_FAILURE = "ReplicaFailure";

  private ReplicaSetStatuses() {}

  /** spec.replicas, which the API server defaults to 1. */
  static int desiredReplicas(ReplicaSet rs) {
    return rs.getSpec().hasReplicas() ? rs.getSpec().getReplicas() : 1;
  }

  static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned, RuntimeException manageError, Instant now) {
    Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata().getLabelsMap();
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    for (Pod pod : owned) {
      // Carries every label of the template, not just those the selector asks for.
      if (pod.getMetadata().getLabelsMap().entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      if (Pods.isReady(pod)) {
        ready++;
        if (Pods.isAvailable(pod, rs.getSpec().getMinReadySeconds(), now)) {
          available++;
        }
      }
    }
    ReplicaSetStatus.Builder status = rs.getStatus().toBuilder()
        .setReplicas(owned.size())
        .setFullyLabeledReplicas(fullyLabeled)
        .setReadyReplicas(ready)
        .setAvailableReplicas(available)
        .setObservedGeneration(rs.getMetadata().getGeneration());
    boolean hasFailure = rs.getStatus().getConditionsList().stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
    if (manageError != null && !hasFailure) {
      int diff = owned.size() - desiredReplicas(rs);
      status.addConditions(ReplicaSetCondition.newBuilder().setType(REPLICA_FAILURE).setStatus("True")
          .setLastTransitionTime(Times.format(now)).setReason(diff < 0 ? "FailedCreate" : "FailedDelete")
          .setMessage(String.valueOf(manageError.getMessage())));
    } else if (manageError == null && hasFailure) {
      status.clearConditions().addAllConditions(rs.getStatus().getConditionsList().stream()
          .filter(c -> !REPLICA_FAILURE.equals(c.getType())).toList());
    }
    return status.build();
  }

  /** Whether the computed status must be written (upstream skips the write when nothing moved). */
  static boolean differs(ReplicaSet rs, ReplicaSetStatus status) {
    return !rs.getStatus().equals(status);
  }
}
