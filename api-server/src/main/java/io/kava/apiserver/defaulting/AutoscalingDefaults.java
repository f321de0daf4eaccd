package io.kava.apiserver.defaulting;

import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.api.autoscaling.v2.MetricSpec;
import io.kava.api.autoscaling.v2.MetricTarget;
import io.kava.api.autoscaling.v2.ResourceMetricSource;
import io.kava.client.autoscaling.HpaRules;

/** Upstream's autoscaling/v2 SetDefaults_HorizontalPodAutoscaler. */
public final class AutoscalingDefaults {
  private AutoscalingDefaults() {}

  public static HorizontalPodAutoscaler hpa(HorizontalPodAutoscaler hpa) {
    HorizontalPodAutoscalerSpec.Builder s = hpa.getSpec().toBuilder();
    if (!s.hasMinReplicas()) {
      s.setMinReplicas(1);
    }
    if (s.getMetricsCount() == 0) {
      s.addMetrics(MetricSpec.newBuilder().setType(HpaRules.RESOURCE).setResource(ResourceMetricSource.newBuilder()
          .setName("cpu").setTarget(MetricTarget.newBuilder().setType(HpaRules.UTILIZATION)
              .setAverageUtilization(HpaRules.DEFAULT_CPU_UTILIZATION))));
    }
    if (s.hasBehavior()) {
      s.setBehavior(HpaRules.behavior(s.getBehavior()));
    }
    return hpa.toBuilder().setSpec(s).build();
  }
}
