package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.DeploymentStatus;
import io.kava.client.Times;
import java.time.Instant;

/** Deployment conditions, their reasons, and upstream's rules for replacing one. */
final class Conditions {
  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";
  static final String REPLICA_FAILURE = "ReplicaFailure";

  static final String TRUE = "True";
  static final String FALSE = "False";
  static final String UNKNOWN = "Unknown";

  // Progressing reasons
  static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
  static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
  static final String NEW_REPLICA_SET = "NewReplicaSetCreated";
  static final String FOUND_NEW_RS = "FoundNewReplicaSet";
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  static final String TIMED_OUT = "ProgressDeadlineExceeded";
  static final String PAUSED = "DeploymentPaused";
  static final String RESUMED = "DeploymentResumed";
  // Available reasons
  static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
  static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

  private Conditions() {}

  static DeploymentCondition of(String type, String status, String reason, String message, Instant now) {
    String t = Times.format(now);
    return DeploymentCondition.newBuilder().setType(type).setStatus(status).setReason(reason).setMessage(message)
        .setLastUpdateTime(t).setLastTransitionTime(t).build();
  }

  static DeploymentCondition get(DeploymentStatus status, String type) {
    for (DeploymentCondition c : status.getConditionsList()) {
      if (c.getType().equals(type)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The status with the condition set, unchanged when one of that type already has the same status and
   * reason; lastTransitionTime kept when only the reason moves (upstream SetDeploymentCondition).
   */
  static DeploymentStatus set(DeploymentStatus status, DeploymentCondition condition) {
    DeploymentCondition current = get(status, condition.getType());
    if (current != null && current.getStatus().equals(condition.getStatus())
        && current.getReason().equals(condition.getReason())) {
      return status;
    }
    if (current != null && current.getStatus().equals(condition.getStatus())) {
      condition = condition.toBuilder().setLastTransitionTime(current.getLastTransitionTime()).build();
    }
    return remove(status, condition.getType()).toBuilder().addConditions(condition).build();
  }

  static DeploymentStatus remove(DeploymentStatus status, String type) {
    DeploymentStatus.Builder b = status.toBuilder().clearConditions();
    for (DeploymentCondition c : status.getConditionsList()) {
      if (!c.getType().equals(type)) {
        b.addConditions(c);
      }
    }
    return b.build();
  }
}
