package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.kava.api.core.v1.Node;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.codec.Manifests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** autoscaling/v2 through the API: defaults on create, field errors with nothing stored, status apart; metrics RPCs. */
class HorizontalPodAutoscalerApiTest {
  private final InProcessApi api = new InProcessApi();

  @AfterEach
  void stop() {
    api.close();
  }

  private static HorizontalPodAutoscaler hpa(String min, String kind) {
    return Manifests.parseAs("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: default}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: %s, name: web}
          minReplicas: %s
          maxReplicas: 3
        """.formatted(kind, min), HorizontalPodAutoscaler.class);
  }

  @Test
  void aCreatedHpaIsDefaultedAndItsStatusIsWrittenApart() {
    HorizontalPodAutoscaler created = api.client.resource(HorizontalPodAutoscaler.class).create(hpa("1", "Deployment")
        .toBuilder().setStatus(HorizontalPodAutoscalerStatus.newBuilder().setDesiredReplicas(9)).build());
    assertThat(created.getStatus().getDesiredReplicas()).isZero();
    assertThat(created.getSpec().getMetrics(0).getResource().getTarget().getAverageUtilization()).isEqualTo(80);

    HorizontalPodAutoscaler withStatus = api.client.resource(HorizontalPodAutoscaler.class).updateStatus(created.toBuilder()
        .setStatus(HorizontalPodAutoscalerStatus.newBuilder().setCurrentReplicas(1).setDesiredReplicas(2)).build());
    assertThat(withStatus.getStatus().getDesiredReplicas()).isEqualTo(2);
    assertThat(withStatus.getSpec()).isEqualTo(created.getSpec());
  }

  @Test
  void minAboveMaxAndATargetWithoutScaleAreFieldErrorsAndNothingIsStored() {
    assertThatThrownBy(() -> api.client.resource(HorizontalPodAutoscaler.class).create(hpa("5", "ConfigMap")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo("Invalid");
          assertThat(e.getMessage()).contains("spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`")
              .contains("spec.scaleTargetRef.kind: Unsupported value: \"ConfigMap\"");
        });
    assertThat(api.client.resource(HorizontalPodAutoscaler.class).list(ListOptions.all()).items()).isEmpty();
  }

  @Test
  void metricsOfANodeWithoutAKubeletEndpointAreAbsentNotAnError() {
    api.client.resource(Node.class).create(Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName("n1")).build());
    assertThat(api.client.metrics().nodes("").getItemsList()).isEmpty();
    assertThat(api.client.metrics().pods("default", "app=web").getItemsList()).isEmpty();
  }
}
