package io.kava.scheduler.plugins;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceRequirements;
import org.junit.jupiter.api.Test;

class ScorePluginsTest {
  private final LeastAllocated leastAllocated = new LeastAllocated();

  /** Upstream's least_allocated_test "nothing scheduled, resources requested, differently sized nodes". */
  @Test
  void leastAllocatedMatchesUpstreamsExample() {
    Pod pod = pod("p").toBuilder().setSpec(pod("p").getSpec().toBuilder().clearContainers()
        .addContainers(container("1000m", "2000")).addContainers(container("2000m", "3000"))).build();

    assertThat(leastAllocated.score(pod, info(node("n1", "4", "10000", 110)))).isEqualTo(37); // (25 + 50) / 2
    assertThat(leastAllocated.score(pod, info(node("n2", "6", "10000", 110)))).isEqualTo(50); // (50 + 50) / 2
  }

  @Test
  void leastAllocatedCountsPodsAlreadyThereAndDefaultsForEmptyRequests() {
    var node = node("n1", "1", "1Gi", 110);

    // 100m of 1 cpu -> 90; 200Mi of 1Gi -> 80 (integer division): (90 + 80) / 2.
    assertThat(leastAllocated.score(pod("empty"), info(node))).isEqualTo(85);
    assertThat(leastAllocated.score(pod("p", "500m", "512Mi"), info(node, boundTo(pod("a", "500m", "512Mi"), "n1"))))
        .isEqualTo(0);
    assertThat(leastAllocated.score(pod("p", "2", "2Gi"), info(node))).isEqualTo(0); // more than there is
  }

  @Test
  void leastAllocatedPrefersTheEmptierNode() {
    var busy = info(node("busy"), boundTo(pod("a", "2", "4Gi"), "busy"));
    var idle = info(node("idle"));

    assertThat(leastAllocated.score(pod("p", "100m", "128Mi"), idle))
        .isGreaterThan(leastAllocated.score(pod("p", "100m", "128Mi"), busy));
  }

  private static Container container(String cpu, String memory) {
    return Container.newBuilder().setName("c").setResources(ResourceRequirements.newBuilder()
        .putRequests("cpu", cpu).putRequests("memory", memory)).build();
  }
}
