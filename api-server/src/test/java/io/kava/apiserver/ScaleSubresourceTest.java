package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** deployments/scale, replicasets/scale and statefulsets/scale: GetScale, UpdateScale and its resourceVersion precondition. */
class ScaleSubresourceTest {
  private final InProcessApi api = new InProcessApi();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aDeploymentReadsAsAScaleWithItsSelectorInStringForm() {
    Deployment d = api.client.resource(Deployment.class).create(Fixtures.deployment("default", "web"));

    Scale scale = api.client.resource(Deployment.class).getScale("default", "web");

    assertThat(scale.getApiVersion()).isEqualTo("autoscaling/v1");
    assertThat(scale.getKind()).isEqualTo("Scale");
    assertThat(scale.getMetadata().getName()).isEqualTo("web");
    assertThat(scale.getMetadata().getResourceVersion()).isEqualTo(d.getMetadata().getResourceVersion());
    assertThat(scale.getSpec().getReplicas()).isEqualTo(d.getSpec().getReplicas());
    assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");
  }

  @Test
  void updateScaleChangesOnlyReplicasAndMovesTheGeneration() {
    Deployment d = api.client.resource(Deployment.class).create(Fixtures.deployment("default", "web"));
    Scale scale = api.client.resource(Deployment.class).getScale("default", "web");

    Scale updated = api.client.resource(Deployment.class)
        .updateScale(scale.toBuilder().setSpec(scale.getSpec().toBuilder().setReplicas(7)).build());

    Deployment after = api.client.resource(Deployment.class).get("default", "web");
    assertThat(updated.getSpec().getReplicas()).isEqualTo(7);
    assertThat(after.getSpec().getReplicas()).isEqualTo(7);
    assertThat(after.getSpec().getTemplate()).isEqualTo(d.getSpec().getTemplate());
    assertThat(after.getMetadata().getGeneration()).isEqualTo(d.getMetadata().getGeneration() + 1);
    assertThat(updated.getMetadata().getResourceVersion()).isEqualTo(after.getMetadata().getResourceVersion());
  }

  @Test
  void aStatefulSetScalesThroughItsScaleSubresource() {
    var sets = api.client.resource(StatefulSet.class);
    StatefulSet web = sets.create(StatefulSet.newBuilder().setMetadata(Fixtures.meta("default", "web"))
        .setSpec(StatefulSetSpec.newBuilder().setServiceName("nginx").setReplicas(1)
            .setSelector(Fixtures.selector()).setTemplate(Fixtures.template())).build());
    Scale scale = sets.getScale("default", "web");

    Scale updated = sets.updateScale(scale.toBuilder().setSpec(scale.getSpec().toBuilder().setReplicas(3)).build());

    assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");
    assertThat(updated.getSpec().getReplicas()).isEqualTo(3);
    StatefulSet after = sets.get("default", "web");
    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after.getSpec().getTemplate()).isEqualTo(web.getSpec().getTemplate());
  }

  @Test
  void aStaleResourceVersionIsAConflictAndChangesNothing() {
    api.client.resource(ReplicaSet.class).create(Fixtures.replicaSet("default", "rs"));
    Scale scale = api.client.resource(ReplicaSet.class).getScale("default", "rs");
    api.client.resource(ReplicaSet.class).updateScale(scale.toBuilder()
        .setMetadata(scale.getMetadata().toBuilder().clearResourceVersion())
        .setSpec(scale.getSpec().toBuilder().setReplicas(4)).build());

    assertThatThrownBy(() -> api.client.resource(ReplicaSet.class).updateScale(scale.toBuilder()
        .setSpec(scale.getSpec().toBuilder().setReplicas(5)).build()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo("Conflict");
          assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on replicasets.apps \"rs\": the object "
              + "has been modified; please apply your changes to the latest version and try again");
        });
    assertThat(api.client.resource(ReplicaSet.class).get("default", "rs").getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void anUpdateWithoutResourceVersionIsRetriedOverAWriteInBetween() {
    api.client.resource(Deployment.class).create(Fixtures.deployment("default", "web"));
    Scale scale = api.client.resource(Deployment.class).getScale("default", "web");
    String key = api.storage.snapshot().keySet().stream()
        .filter(k -> k.contains("deployments") && k.endsWith("/default/web")).findFirst().orElseThrow();
    // The Deployment controller's status write lands between the scale's read and its write.
    api.storage.beforeNextUpdate(() -> api.storage.touch(key));

    Scale updated = api.client.resource(Deployment.class).updateScale(scale.toBuilder()
        .setMetadata(scale.getMetadata().toBuilder().clearResourceVersion())
        .setSpec(scale.getSpec().toBuilder().setReplicas(5)).build());

    assertThat(updated.getSpec().getReplicas()).isEqualTo(5);
    assertThat(api.client.resource(Deployment.class).get("default", "web").getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void aStaleResourceVersionLosingTheRaceIsStillAConflict() {
    api.client.resource(Deployment.class).create(Fixtures.deployment("default", "web"));
    Scale scale = api.client.resource(Deployment.class).getScale("default", "web");
    String key = api.storage.snapshot().keySet().stream()
        .filter(k -> k.contains("deployments") && k.endsWith("/default/web")).findFirst().orElseThrow();
    api.storage.beforeNextUpdate(() -> api.storage.touch(key));

    assertThatThrownBy(() -> api.client.resource(Deployment.class).updateScale(scale.toBuilder()
        .setSpec(scale.getSpec().toBuilder().setReplicas(5)).build()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("Conflict"));
    assertThat(api.client.resource(Deployment.class).get("default", "web").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void negativeReplicasAreInvalidAndAKindWithoutScaleIsUnknown() {
    api.client.resource(Deployment.class).create(Fixtures.deployment("default", "web"));
    Scale scale = api.client.resource(Deployment.class).getScale("default", "web");

    assertThatThrownBy(() -> api.client.resource(Deployment.class).updateScale(scale.toBuilder()
        .setSpec(scale.getSpec().toBuilder().setReplicas(-1)).build()))
        .hasMessage("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThatThrownBy(() -> api.client.resource(Pod.class).getScale("default", "web"))
        .hasMessage("the server doesn't have a resource type \"pods/scale\"");
    assertThatThrownBy(() -> api.client.resource(Deployment.class).getScale("default", "missing"))
        .hasMessage("deployments.apps \"missing\" not found");
  }
}
