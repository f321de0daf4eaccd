package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinity;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Placement rules through the API (issue 11): a malformed one is refused with its field path and nothing is stored. */
class PlacementApiTest {
  private static final LabelSelector WEB = LabelSelector.newBuilder().putMatchLabels("app", "web").build();

  private final InProcessApi api = new InProcessApi();

  @AfterEach
  void stop() {
    api.close();
  }

  private ApiException refused(Supplier<?> create) {
    int writes = api.storage.writes();
    ApiException e = catchThrowableOfType(ApiException.class, create::get);
    assertThat(e).as("the create was refused").isNotNull();
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(api.storage.writes()).as("nothing stored").isEqualTo(writes);
    return e;
  }

  private static Pod pod(UnaryOperator<PodSpec.Builder> spec) {
    Pod pod = Fixtures.pod("default", "p");
    return pod.toBuilder().setSpec(spec.apply(pod.getSpec().toBuilder())).build();
  }

  private static TopologySpreadConstraint.Builder spread() {
    return TopologySpreadConstraint.newBuilder().setMaxSkew(1).setTopologyKey("kubernetes.io/hostname")
        .setWhenUnsatisfiable("DoNotSchedule").setLabelSelector(WEB);
  }

  @Test
  void aSpreadConstraintWithMaxSkewZeroIsRefused() {
    ApiException e = refused(() -> api.client.resource(Pod.class)
        .create(pod(s -> s.addTopologySpreadConstraints(spread().setMaxSkew(0)))));

    assertThat(e.getMessage()).startsWith("Pod \"p\" is invalid: spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0");
  }

  @Test
  void anAntiAffinityTermWithoutTopologyKeyIsRefusedInADeploymentsTemplateToo() {
    Affinity noTopologyKey = Affinity.newBuilder().setPodAntiAffinity(PodAffinity.newBuilder()
        .addRequiredDuringSchedulingIgnoredDuringExecution(PodAffinityTerm.newBuilder().setLabelSelector(WEB))).build();
    Deployment d = Fixtures.deployment("default", "web");
    Deployment bad = d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(d.getSpec().getTemplate().toBuilder()
        .setSpec(d.getSpec().getTemplate().getSpec().toBuilder().setAffinity(noTopologyKey)))).build();

    ApiException onPod = refused(() -> api.client.resource(Pod.class).create(pod(s -> s.setAffinity(noTopologyKey))));
    ApiException onDeployment = refused(() -> api.client.resource(Deployment.class).create(bad));

    assertThat(onPod.getMessage()).startsWith("Pod \"p\" is invalid: "
        + "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value");
    assertThat(onDeployment.getMessage()).startsWith("Deployment.apps \"web\" is invalid: spec.template."
        + "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value");
  }
}
