package io.kava.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.apiserver.defaulting.AutoscalingDefaults;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.codec.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** autoscaling/v2 HorizontalPodAutoscaler: upstream's manifest shape, defaults, and field errors naming their paths. */
class AutoscalingValidationTest {
  private static final String UPSTREAM_EXAMPLE = """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: php-apache
        namespace: default
      spec:
        scaleTargetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: php-apache
        minReplicas: 1
        maxReplicas: 10
        metrics:
        - type: Resource
          resource:
            name: cpu
            target:
              type: Utilization
              averageUtilization: 50
        behavior:
          scaleDown:
            stabilizationWindowSeconds: 60
            policies:
            - type: Pods
              value: 1
              periodSeconds: 30
      """;

  private static HorizontalPodAutoscaler parse(String yaml) {
    return AutoscalingDefaults.hpa(Manifests.parseAs(yaml, HorizontalPodAutoscaler.class));
  }

  private static List<String> errors(String yaml) {
    return AutoscalingValidation.validateHpa(parse(yaml)).stream().map(FieldError::toString).toList();
  }

  @Test
  void upstreamsWalkthroughManifestIsValidAndDefaulted() {
    HorizontalPodAutoscaler hpa = parse(UPSTREAM_EXAMPLE);
    assertThat(AutoscalingValidation.validateHpa(hpa)).isEmpty();
    assertThat(hpa.getSpec().getMetrics(0).getResource().getTarget().getAverageUtilization()).isEqualTo(50);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getSelectPolicy()).isEqualTo("Max");
    assertThat(hpa.getSpec().getBehavior().getScaleUp().getPoliciesCount()).isEqualTo(2);
    assertThat(hpa.getSpec().getBehavior().getScaleUp().getStabilizationWindowSeconds()).isZero();
  }

  @Test
  void defaultsAreMinOneAndCpuAtEightyPercent() {
    HorizontalPodAutoscaler hpa = parse("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 3
        """);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
    assertThat(hpa.getSpec().getMetrics(0).getResource().getName()).isEqualTo("cpu");
    assertThat(hpa.getSpec().getMetrics(0).getResource().getTarget().getAverageUtilization()).isEqualTo(80);
    assertThat(hpa.getSpec().hasBehavior()).isFalse();
  }

  @Test
  void minReplicasAboveMaxReplicas() {
    assertThat(errors(UPSTREAM_EXAMPLE.replace("minReplicas: 1", "minReplicas: 11")))
        .containsExactly("spec.maxReplicas: Invalid value: 10: must be greater than or equal to `minReplicas`");
  }

  @Test
  void aTargetKindWithoutScaleSubresource() {
    assertThat(errors(UPSTREAM_EXAMPLE.replace("kind: Deployment", "kind: Service").replace("apiVersion: apps/v1", "apiVersion: v1")))
        .containsExactly("spec.scaleTargetRef.kind: Unsupported value: \"Service\": supported values: "
            + "\"Deployment\", \"ReplicaSet\", \"StatefulSet\"");
  }

  @Test
  void aMetricTypeNotServed() {
    assertThat(errors(UPSTREAM_EXAMPLE.replace("- type: Resource", "- type: External")))
        .containsExactly("spec.metrics[0].type: Unsupported value: \"External\": supported values: \"Resource\"");
  }

  @Test
  void targetAndBehaviorRules() {
    assertThat(errors(UPSTREAM_EXAMPLE.replace("averageUtilization: 50", "averageUtilization: 0")
        .replace("stabilizationWindowSeconds: 60", "stabilizationWindowSeconds: 4000")
        .replace("type: Pods", "type: Replicas").replace("periodSeconds: 30", "periodSeconds: 0")))
        .containsExactly(
            "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
            "spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600",
            "spec.behavior.scaleDown.policies[0].type: Unsupported value: \"Replicas\": supported values: \"Pods\", \"Percent\"",
            "spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 0: must be greater than zero");
  }

  @Test
  void bothAUtilizationAndAnAverageValue() {
    assertThat(errors(UPSTREAM_EXAMPLE.replace("averageUtilization: 50", "averageUtilization: 50\n        averageValue: 200m")))
        .containsExactly("spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value"
            + " and a target utilization");
  }
}
