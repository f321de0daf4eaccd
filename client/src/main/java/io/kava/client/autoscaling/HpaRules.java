package io.kava.client.autoscaling;

import io.kava.api.autoscaling.v2.HPAScalingPolicy;
import io.kava.api.autoscaling.v2.HPAScalingRules;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;

/**
 * Upstream's autoscaling/v2 literals and default scaling rules (GenerateHPAScaleUpRules,
 * GenerateHPAScaleDownRules), shared by the API server's defaulting and the HPA controller.
 */
public final class HpaRules {
  public static final String RESOURCE = "Resource";
  public static final String UTILIZATION = "Utilization";
  public static final String AVERAGE_VALUE = "AverageValue";
  public static final String VALUE = "Value";
  public static final String PODS_POLICY = "Pods";
  public static final String PERCENT_POLICY = "Percent";
  public static final String MAX = "Max";
  public static final String MIN = "Min";
  public static final String DISABLED = "Disabled";
  public static final int DEFAULT_CPU_UTILIZATION = 80;

  /** The kinds whose scale subresource the HPA can drive. */
  public static final List<String> SCALABLE_KINDS = List.of("Deployment", "ReplicaSet", "StatefulSet");

  private HpaRules() {}

  /** Upstream: scale up at once (window 0) by the larger of 4 pods or 100 % per 15 s. */
  public static HPAScalingRules scaleUp(HPAScalingRules given) {
    HPAScalingRules.Builder b = given.toBuilder();
    if (!b.hasStabilizationWindowSeconds()) {
      b.setStabilizationWindowSeconds(0);
    }
    if (b.getSelectPolicy().isEmpty()) {
      b.setSelectPolicy(MAX);
    }
    if (b.getPoliciesCount() == 0) {
      b.addPolicies(policy(PODS_POLICY, 4, 15)).addPolicies(policy(PERCENT_POLICY, 100, 15));
    }
    return b.build();
  }

  /**
   * Upstream: scale down by up to 100 % per 15 s; the window stays unset so that the controller's
   * --horizontal-pod-autoscaler-downscale-stabilization applies.
   */
  public static HPAScalingRules scaleDown(HPAScalingRules given) {
    HPAScalingRules.Builder b = given.toBuilder();
    if (b.getSelectPolicy().isEmpty()) {
      b.setSelectPolicy(MAX);
    }
    if (b.getPoliciesCount() == 0) {
      b.addPolicies(policy(PERCENT_POLICY, 100, 15));
    }
    return b.build();
  }

  public static HorizontalPodAutoscalerBehavior behavior(HorizontalPodAutoscalerBehavior given) {
    return given.toBuilder().setScaleUp(scaleUp(given.getScaleUp())).setScaleDown(scaleDown(given.getScaleDown()))
        .build();
  }

  public static HPAScalingPolicy policy(String type, int value, int periodSeconds) {
    return HPAScalingPolicy.newBuilder().setType(type).setValue(value).setPeriodSeconds(periodSeconds).build();
  }
}
