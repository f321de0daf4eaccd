package io.kava.client.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ResourceRequirements;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QosClassTest {
  private static Container container(Map<String, String> requests, Map<String, String> limits) {
    return Container.newBuilder().setName("c").setResources(ResourceRequirements.newBuilder()
        .putAllRequests(requests).putAllLimits(limits)).build();
  }

  private static String qos(Container... containers) {
    return QosClass.of(PodSpec.newBuilder().addAllContainers(java.util.List.of(containers)).build());
  }

  @Test
  void nothingAskedIsBestEffort() {
    assertThat(qos(container(Map.of(), Map.of()))).isEqualTo("BestEffort");
    // Only cpu and memory count, and zero is nothing.
    assertThat(qos(container(Map.of("ephemeral-storage", "1Gi"), Map.of("cpu", "0")))).isEqualTo("BestEffort");
  }

  @Test
  void equalRequestsAndLimitsForCpuAndMemoryEverywhereIsGuaranteed() {
    Container c = container(Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1000m", "memory", "1024Mi"));
    assertThat(qos(c, c)).isEqualTo("Guaranteed");
    // Limits without requests (before the API server copies them over) are not a guarantee.
    assertThat(qos(container(Map.of(), Map.of("cpu", "1", "memory", "1Gi")))).isEqualTo("Burstable");
  }

  @Test
  void anythingElseIsBurstable() {
    assertThat(qos(container(Map.of("cpu", "100m"), Map.of()))).isEqualTo("Burstable");
    assertThat(qos(container(Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "2", "memory", "1Gi"))))
        .isEqualTo("Burstable");
    // One container without a memory limit breaks the guarantee for the pod.
    assertThat(qos(container(Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi")),
        container(Map.of("cpu", "1"), Map.of("cpu", "1")))).isEqualTo("Burstable");
  }
}
