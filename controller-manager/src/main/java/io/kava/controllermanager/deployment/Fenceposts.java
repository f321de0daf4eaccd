package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.meta.v1.IntOrString;

/**
 * maxSurge and maxUnavailable resolved against spec.replicas, as upstream's ResolveFenceposts: a
 * percentage of surge rounds up, a percentage of unavailability rounds down, and when both come out 0
 * maxUnavailable becomes 1 (surge might be blocked by quota, so the rollout must still be able to move).
 */
record Fenceposts(int maxSurge, int maxUnavailable) {
  static final String MAX_SURGE_FIELD = "spec.strategy.rollingUpdate.maxSurge";
  static final String MAX_UNAVAILABLE_FIELD = "spec.strategy.rollingUpdate.maxUnavailable";

  static Fenceposts resolve(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
    int surge = scaledValue(maxSurge, desired, true, MAX_SURGE_FIELD);
    int unavailable = scaledValue(maxUnavailable, desired, false, MAX_UNAVAILABLE_FIELD);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new Fenceposts(surge, unavailable);
  }

  /** Upstream MaxSurge: 0 unless rolling. */
  static int maxSurge(Deployment d) {
    if (!DeploymentSpecs.isRollingUpdate(d)) {
      return 0;
    }
    return resolve(DeploymentSpecs.maxSurge(d), DeploymentSpecs.maxUnavailable(d), DeploymentSpecs.replicas(d)).maxSurge();
  }

  /** Upstream MaxUnavailable: 0 unless rolling with replicas, never more than spec.replicas. */
  static int maxUnavailable(Deployment d) {
    int replicas = DeploymentSpecs.replicas(d);
    if (!DeploymentSpecs.isRollingUpdate(d) || replicas == 0) {
      return 0;
    }
    int unavailable = resolve(DeploymentSpecs.maxSurge(d), DeploymentSpecs.maxUnavailable(d), replicas).maxUnavailable();
    return Math.min(unavailable, replicas);
  }

  /**
   * An absolute value as is, or a percentage of total rounded up or down (upstream
   * GetScaledValueFromIntOrPercent). A string that is not "N%" is a user mistake named by its field.
   */
  static int scaledValue(IntOrString value, int total, boolean roundUp, String field) {
    if (value.getValueCase() != IntOrString.ValueCase.STR_VAL) {
      return value.getIntVal();
    }
    String text = value.getStrVal();
    int percent;
    try {
      if (!text.endsWith("%")) {
        throw new NumberFormatException();
      }
      percent = Integer.parseInt(text.substring(0, text.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": invalid value \"" + text + "\": must be an integer or a percentage");
    }
    long scaled = (long) percent * total;
    long result = roundUp ? -Math.floorDiv(-scaled, 100) : Math.floorDiv(scaled, 100);
    return (int) result;
  }
}
