package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ResourceRequirements;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
  private static Container limits(String cpu, String memory) {
    ResourceRequirements.Builder r = ResourceRequirements.newBuilder();
    if (cpu != null) {
      r.putLimits("cpu", cpu);
    }
    if (memory != null) {
      r.putLimits("memory", memory);
    }
    return Container.newBuilder().setName("c").setResources(r).build();
  }

  @Test
  void convertsLimitsToDockerUnits() {
    assertThat(ResourceLimits.nanoCpus(limits("500m", null))).isEqualTo(500_000_000L);
    assertThat(ResourceLimits.nanoCpus(limits("2", null))).isEqualTo(2_000_000_000L);
    assertThat(ResourceLimits.nanoCpus(limits("0.25", null))).isEqualTo(250_000_000L);
    assertThat(ResourceLimits.memoryBytes(limits(null, "128Mi"))).isEqualTo(128L << 20);
    assertThat(ResourceLimits.memoryBytes(limits(null, "1G"))).isEqualTo(1_000_000_000L);
    assertThat(ResourceLimits.memoryBytes(limits(null, "1e3"))).isEqualTo(1000L);
    assertThat(ResourceLimits.nanoCpus(limits(null, null))).isZero();
    assertThat(ResourceLimits.memoryBytes(limits(null, null))).isZero();
  }

  @Test
  void comparesQuantitiesByValue() {
    assertThat(ResourceLimits.sameQuantity("1", "1000m")).isTrue();
    assertThat(ResourceLimits.sameQuantity("1Gi", "1024Mi")).isTrue();
    assertThat(ResourceLimits.sameQuantity("1G", "1Gi")).isFalse();
    assertThat(ResourceLimits.sameQuantity("bogus", "bogus")).isTrue();
  }
}
