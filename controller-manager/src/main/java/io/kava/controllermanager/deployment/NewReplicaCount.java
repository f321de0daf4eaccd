package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import java.util.List;

/**
 * How big the new ReplicaSet may be now (upstream NewRSNewReplicas): for a rolling update as many more
 * as keep every ReplicaSet together within replicas + maxSurge, never beyond replicas; for Recreate all
 * of them (old pods are gone by then).
 */
final class NewReplicaCount {
  private NewReplicaCount() {}

  static int of(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
    int replicas = DeploymentSpecs.replicas(d);
    if (DeploymentSpecs.isRollingUpdate(d)) {
      int maxSurge = Fenceposts.scaledValue(DeploymentSpecs.maxSurge(d), replicas, true, Fenceposts.MAX_SURGE_FIELD);
      int current = ReplicaSets.specReplicas(allRSs);
      int maxTotal = replicas + maxSurge;
      if (current >= maxTotal) {
        return ReplicaSets.replicas(newRS);
      }
      int scaleUp = Math.min(maxTotal - current, replicas - ReplicaSets.replicas(newRS));
      return ReplicaSets.replicas(newRS) + scaleUp;
    }
    if (DeploymentSpecs.isRecreate(d)) {
      return replicas;
    }
    throw new IllegalArgumentException(unsupportedStrategy(d));
  }

  static String unsupportedStrategy(Deployment d) {
    return "spec.strategy.type: Unsupported value: \"" + DeploymentSpecs.strategyType(d)
        + "\": supported values: \"Recreate\", \"RollingUpdate\"";
  }
}
