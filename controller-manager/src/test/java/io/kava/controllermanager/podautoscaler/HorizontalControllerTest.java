package io.kava.controllermanager.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.autoscaling.v2.CrossVersionObjectReference;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.api.autoscaling.v2.MetricSpec;
import io.kava.api.autoscaling.v2.MetricTarget;
import io.kava.api.autoscaling.v2.ResourceMetricSource;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.Condition;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.events.EventRecorder;
import io.kava.controllermanager.testing.ControllerHarness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One HPA pass against a fake API server: the scale written, the status and conditions, idempotence. */
class HorizontalControllerTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final ControllerHarness harness = new ControllerHarness();
  private final AtomicReference<Map<String, PodMetric>> metrics = new AtomicReference<>(Map.of());
  private final AtomicReference<RuntimeException> metricsFailure = new AtomicReference<>();
  private HorizontalController controller;

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void start(int deploymentReplicas, int pods) throws Exception {
    harness.api.seed(Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default"))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(deploymentReplicas)
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web")))
        .build());
    start("Deployment", pods);
  }

  private void startWithStatefulSet(int replicas, int pods) throws Exception {
    harness.api.seed(StatefulSet.newBuilder().setApiVersion("apps/v1").setKind("StatefulSet")
        .setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default"))
        .setSpec(StatefulSetSpec.newBuilder().setReplicas(replicas).setServiceName("web")
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web")))
        .build());
    start("StatefulSet", pods);
  }

  /** Pods web-0.. of 100m CPU each, and the HPA web aiming at 50% CPU of the target "web" of this kind. */
  private void start(String targetKind, int pods) throws Exception {
    for (int i = 0; i < pods; i++) {
      Pod pod = ReplicaCalculatorTest.pod("web-" + i, "100m");
      harness.api.seed(pod.toBuilder().setApiVersion("v1").setKind("Pod")
          .setMetadata(pod.getMetadata().toBuilder().putLabels("app", "web")).build());
    }
    harness.api.seed(HorizontalPodAutoscaler.newBuilder().setApiVersion("autoscaling/v2")
        .setKind("HorizontalPodAutoscaler").setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default"))
        .setSpec(HorizontalPodAutoscalerSpec.newBuilder().setMinReplicas(1).setMaxReplicas(5)
            .setScaleTargetRef(CrossVersionObjectReference.newBuilder().setApiVersion("apps/v1").setKind(targetKind)
                .setName("web"))
            .addMetrics(MetricSpec.newBuilder().setType("Resource").setResource(ResourceMetricSource.newBuilder()
                .setName("cpu").setTarget(MetricTarget.newBuilder().setType("Utilization").setAverageUtilization(50)))))
        .build());
    MetricsSource source = (namespace, selector, resource) -> {
      if (metricsFailure.get() != null) {
        throw metricsFailure.get();
      }
      assertThat(selector).isEqualTo("app=web");
      return metrics.get();
    };
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    controller = harness.start(client -> new HorizontalController(client,
        new HpaConfig(Duration.ofSeconds(15), Duration.ofMinutes(5), 0.1, Duration.ofMinutes(5), Duration.ofSeconds(30)),
        source, new EventRecorder(client.resource(Event.class), "horizontal-pod-autoscaler", ""), clock));
    harness.awaitCached(HorizontalPodAutoscaler.class, l -> !l.isEmpty());
    harness.awaitCached(Pod.class, l -> l.size() == pods);
  }

  private void usage(long... milli) {
    Map<String, PodMetric> m = new HashMap<>();
    for (int i = 0; i < milli.length; i++) {
      m.put("web-" + i, new PodMetric(milli[i], NOW, Duration.ofSeconds(15)));
    }
    metrics.set(m);
  }

  private HorizontalPodAutoscaler hpa() {
    return harness.stored(HorizontalPodAutoscaler.class, "default", "web");
  }

  private Condition condition(String type) {
    return hpa().getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void aLoadAboveTargetScalesUpAtMostFourPodsAtOnceAndSaysWhy() throws Exception {
    start(2, 2);
    usage(200, 200);
    controller.sync("default/web");
    assertThat(harness.api.writes()).containsExactly("scale deployments default/web 4", "status horizontalpodautoscalers default/web");
    HorizontalPodAutoscaler hpa = hpa();
    assertThat(hpa.getStatus().getCurrentReplicas()).isEqualTo(2);
    assertThat(hpa.getStatus().getDesiredReplicas()).isEqualTo(4);
    assertThat(hpa.getStatus().getLastScaleTime()).isEqualTo("2026-12-01T12:00:00Z");
    assertThat(hpa.getStatus().getCurrentMetrics(0).getResource().getCurrent().getAverageUtilization()).isEqualTo(200);
    assertThat(hpa.getStatus().getCurrentMetrics(0).getResource().getCurrent().getAverageValue()).isEqualTo("200m");
    assertThat(condition("AbleToScale").getReason()).isEqualTo("SucceededRescale");
    assertThat(condition("ScalingActive").getReason()).isEqualTo("ValidMetricFound");
    assertThat(condition("ScalingLimited").getStatus()).isEqualTo("True");
    assertThat(condition("ScalingLimited").getReason()).isEqualTo("ScaleUpLimit");
  }

  @Test
  void aLoadAtTargetChangesNothingAndASecondPassWritesNothing() throws Exception {
    start(2, 2);
    usage(50, 52);
    controller.sync("default/web");
    assertThat(harness.api.writes()).containsExactly("status horizontalpodautoscalers default/web");
    assertThat(hpa().getStatus().getDesiredReplicas()).isEqualTo(2);
    assertThat(condition("AbleToScale").getReason()).isEqualTo("ReadyForNewScale");
    harness.awaitCached(HorizontalPodAutoscaler.class, l -> l.get(0).getStatus().getConditionsCount() > 0);
    controller.sync("default/web");
    assertThat(harness.api.writes()).hasSize(1);
  }

  @Test
  void unreachableMetricsAreAConditionAndNoScale() throws Exception {
    start(2, 2);
    metricsFailure.set(new IllegalStateException("connection refused"));
    controller.sync("default/web");
    assertThat(harness.api.writes()).containsExactly("status horizontalpodautoscalers default/web");
    assertThat(condition("ScalingActive").getStatus()).isEqualTo("False");
    assertThat(condition("ScalingActive").getReason()).isEqualTo("FailedGetResourceMetric");
    assertThat(condition("ScalingActive").getMessage()).isEqualTo("the HPA was unable to compute the replica count: "
        + "failed to get cpu utilization: unable to get metrics for resource cpu: connection refused");
  }

  @Test
  void aStatefulSetIsScaledThroughItsScaleSubresource() throws Exception {
    startWithStatefulSet(2, 2);
    usage(100, 100);
    controller.sync("default/web");
    assertThat(harness.api.writes()).containsExactly("scale statefulsets default/web 4", "status horizontalpodautoscalers default/web");
    assertThat(harness.stored(StatefulSet.class, "default", "web").getSpec().getReplicas()).isEqualTo(4);
    assertThat(hpa().getStatus().getDesiredReplicas()).isEqualTo(4);
  }

  @Test
  void aTargetAboveMaxReplicasIsBroughtDownToIt() throws Exception {
    start(7, 2);
    usage(50, 50);
    controller.sync("default/web");
    assertThat(harness.api.writes()).startsWith("scale deployments default/web 5");
    assertThat(hpa().getStatus().getDesiredReplicas()).isEqualTo(5);
  }
}
