package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.kubelet.runtime.ContainerConfig;
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

  private static Container requestsAndLimits(String cpuRequest, String cpuLimit) {
    ResourceRequirements.Builder r = ResourceRequirements.newBuilder();
    if (cpuRequest != null) {
      r.putRequests("cpu", cpuRequest);
    }
    if (cpuLimit != null) {
      r.putLimits("cpu", cpuLimit);
    }
    return Container.newBuilder().setName("c").setResources(r).build();
  }

  @Test
  void cpuLimitsBecomeAQuotaOverAHundredMillisecondPeriod() {
    assertThat(ResourceLimits.of(limits("500m", null)).cpuQuota()).isEqualTo(50_000);
    assertThat(ResourceLimits.of(limits("2", null)).cpuQuota()).isEqualTo(200_000);
    assertThat(ResourceLimits.of(limits("0.25", null))).isEqualTo(new ContainerConfig.Resources(256, 25_000, 100_000, 0));
    // Upstream's minimum quota is 1 ms; no limit is no quota.
    assertThat(ResourceLimits.of(limits("1m", null)).cpuQuota()).isEqualTo(1_000);
    assertThat(ResourceLimits.of(limits(null, null))).isEqualTo(new ContainerConfig.Resources(2, 0, 0, 0));
  }

  @Test
  void cpuRequestsBecomeShares() {
    assertThat(ResourceLimits.of(requestsAndLimits("100m", null)).cpuShares()).isEqualTo(102);
    assertThat(ResourceLimits.of(requestsAndLimits("1", "2")).cpuShares()).isEqualTo(1024);
    // Without a request the limit is the request (as the API server defaults it); at least 2 shares.
    assertThat(ResourceLimits.of(requestsAndLimits(null, "2")).cpuShares()).isEqualTo(2048);
    assertThat(ResourceLimits.of(requestsAndLimits("1m", null)).cpuShares()).isEqualTo(2);
  }

  @Test
  void memoryLimitsAreBytes() {
    assertThat(ResourceLimits.memoryBytes(limits(null, "128Mi"))).isEqualTo(128L << 20);
    assertThat(ResourceLimits.memoryBytes(limits(null, "1G"))).isEqualTo(1_000_000_000L);
    assertThat(ResourceLimits.memoryBytes(limits(null, "1e3"))).isEqualTo(1000L);
    assertThat(ResourceLimits.of(limits(null, "64Mi")).memoryBytes()).isEqualTo(64L << 20);
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
