package io.kava.kubelet.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceFieldSelector;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.kubelet.testing.TestPods;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The downward API's values as upstream's fieldpath package computes them. */
class DownwardApiTest {
  private final Pod pod = labeled(TestPods.pod("web", "node-a", TestPods.container("app")));

  private static Pod labeled(Pod p) {
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().putLabels("tier", "front").putLabels("app", "web")
        .putAnnotations("note", "say \"hi\"\nbye")).build();
  }

  private static ResourceFieldSelector resource(String resource, String divisor) {
    return ResourceFieldSelector.newBuilder().setContainerName("app").setResource(resource).setDivisor(divisor).build();
  }

  private static Container limited(Map<String, String> limits, Map<String, String> requests) {
    return TestPods.container("app").toBuilder().setResources(ResourceRequirements.newBuilder()
        .putAllLimits(limits).putAllRequests(requests)).build();
  }

  @Test
  void metadataFieldsAndWholeMapsFormattedAsUpstream() throws Exception {
    assertThat(DownwardApi.field(pod, "metadata.name", "", "")).isEqualTo("web");
    assertThat(DownwardApi.field(pod, "metadata.namespace", "", "")).isEqualTo(pod.getMetadata().getNamespace());
    assertThat(DownwardApi.field(pod, "metadata.uid", "", "")).isEqualTo(pod.getMetadata().getUid());
    assertThat(DownwardApi.field(pod, "metadata.labels", "", "")).isEqualTo("app=\"web\"\ntier=\"front\"");
    assertThat(DownwardApi.field(pod, "metadata.annotations", "", "")).isEqualTo("note=\"say \\\"hi\\\"\\nbye\"");
    assertThat(DownwardApi.field(pod, "metadata.labels['tier']", "", "")).isEqualTo("front");
    assertThat(DownwardApi.field(pod, "metadata.annotations['missing']", "", "")).isEmpty();
    assertThat(DownwardApi.field(pod, "status.podIP", "10.0.0.5", "")).isEqualTo("10.0.0.5");
    assertThatThrownBy(() -> DownwardApi.field(pod, "spec.containers", "", ""))
        .isInstanceOf(DownwardApi.UnsupportedException.class).hasMessage("unsupported fieldRef spec.containers");
  }

  @Test
  void goQuotingEscapesControlCharactersAndKeepsPrintableUnicode() {
    assertThat(DownwardApi.quote("a\tb\\c\u0001é")).isEqualTo("\"a\\tb\\\\c\\x01é\"");
  }

  @Test
  void resourcesAreDividedAndRoundedUp() throws Exception {
    Container c = limited(Map.of("cpu", "500m", "memory", "100Mi"), Map.of("cpu", "250m"));
    assertThat(DownwardApi.resource(resource("limits.cpu", ""), c, Map.of())).isEqualTo("1");
    assertThat(DownwardApi.resource(resource("limits.cpu", "1m"), c, Map.of())).isEqualTo("500");
    assertThat(DownwardApi.resource(resource("requests.cpu", "1m"), c, Map.of())).isEqualTo("250");
    assertThat(DownwardApi.resource(resource("limits.memory", "1Mi"), c, Map.of())).isEqualTo("100");
    assertThat(DownwardApi.resource(resource("limits.memory", "1Gi"), c, Map.of())).isEqualTo("1");
    assertThat(DownwardApi.resource(resource("limits.memory", ""), c, Map.of())).isEqualTo("104857600");
  }

  @Test
  void anUnsetLimitIsTheNodesAllocatableAndAnUnsetRequestZero() throws Exception {
    Container c = limited(Map.of(), Map.of());
    Map<String, String> allocatable = Map.of("cpu", "4", "memory", "8Gi");
    assertThat(DownwardApi.resource(resource("limits.cpu", ""), c, allocatable)).isEqualTo("4");
    assertThat(DownwardApi.resource(resource("limits.memory", "1Mi"), c, allocatable)).isEqualTo("8192");
    assertThat(DownwardApi.resource(resource("requests.memory", ""), c, allocatable)).isEqualTo("0");
    assertThatThrownBy(() -> DownwardApi.resource(resource("limits.gpu", ""), c, allocatable))
        .hasMessage("unsupported container resource : limits.gpu");
  }
}
