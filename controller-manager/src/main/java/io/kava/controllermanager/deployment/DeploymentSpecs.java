package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.meta.v1.IntOrString;
import java.util.OptionalInt;

/**
 * The spec fields the controller reads, with apps/v1's defaults applied (replicas 1, RollingUpdate with
 * 25% surge and 25% unavailable, revisionHistoryLimit 10, progressDeadlineSeconds 600). The API server
 * defaults them on write; applying the same defaults here keeps an object stored without them behaving
 * as upstream instead of as apps/v1beta1 (where "unset" meant "unlimited").
 */
final class DeploymentSpecs {
  static final String ROLLING_UPDATE = "RollingUpdate";
  static final String RECREATE = "Recreate";
  static final IntOrString DEFAULT_MAX_SURGE = IntOrString.newBuilder().setStrVal("25%").build();
  static final IntOrString DEFAULT_MAX_UNAVAILABLE = IntOrString.newBuilder().setStrVal("25%").build();
  static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;
  static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

  private DeploymentSpecs() {}

  static int replicas(Deployment d) {
    DeploymentSpec spec = d.getSpec();
    return spec.hasReplicas() ? spec.getReplicas() : 1;
  }

  static String strategyType(Deployment d) {
    String type = d.getSpec().getStrategy().getType();
    return type.isEmpty() ? ROLLING_UPDATE : type;
  }

  static boolean isRollingUpdate(Deployment d) {
    return ROLLING_UPDATE.equals(strategyType(d));
  }

  static boolean isRecreate(Deployment d) {
    return RECREATE.equals(strategyType(d));
  }

  static IntOrString maxSurge(Deployment d) {
    var rolling = d.getSpec().getStrategy().getRollingUpdate();
    return rolling.hasMaxSurge() ? rolling.getMaxSurge() : DEFAULT_MAX_SURGE;
  }

  static IntOrString maxUnavailable(Deployment d) {
    var rolling = d.getSpec().getStrategy().getRollingUpdate();
    return rolling.hasMaxUnavailable() ? rolling.getMaxUnavailable() : DEFAULT_MAX_UNAVAILABLE;
  }

  /** How many old ReplicaSets to keep; empty when every one is kept (Integer.MAX_VALUE, upstream's "no limit"). */
  static OptionalInt revisionHistoryLimit(Deployment d) {
    int limit = d.getSpec().hasRevisionHistoryLimit() ? d.getSpec().getRevisionHistoryLimit()
        : DEFAULT_REVISION_HISTORY_LIMIT;
    return limit == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(limit);
  }

  /** The progress deadline; empty when progress is not tracked (Integer.MAX_VALUE, upstream HasProgressDeadline). */
  static OptionalInt progressDeadlineSeconds(Deployment d) {
    int seconds = d.getSpec().hasProgressDeadlineSeconds() ? d.getSpec().getProgressDeadlineSeconds()
        : DEFAULT_PROGRESS_DEADLINE_SECONDS;
    return seconds == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(seconds);
  }

  static boolean hasProgressDeadline(Deployment d) {
    return progressDeadlineSeconds(d).isPresent();
  }
}
