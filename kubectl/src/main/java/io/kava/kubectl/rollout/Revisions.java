package io.kava.kubectl.rollout;

import java.util.Map;
import java.util.Set;

/** The annotations the deployment controller keeps on Deployments and their ReplicaSets. */
public final class Revisions {
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  public static final String POD_TEMPLATE_HASH = "pod-template-hash";
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** What `rollout undo` never copies from a ReplicaSet to its Deployment (upstream annotationsToSkip). */
  static final Set<String> NOT_COPIED_BACK = Set.of("kubectl.kubernetes.io/last-applied-configuration",
      REVISION, "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
      "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");

  private Revisions() {}

  /** The template without the controller's pod-template-hash label. */
  public static io.kava.api.core.v1.PodTemplateSpec withoutHash(io.kava.api.core.v1.PodTemplateSpec t) {
    return t.toBuilder().setMetadata(t.getMetadata().toBuilder().removeLabels(POD_TEMPLATE_HASH)).build();
  }

  /** The revision annotation as a number; 0 when absent or not a number. */
  public static long of(Map<String, String> annotations) {
    try {
      return Long.parseLong(annotations.getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
