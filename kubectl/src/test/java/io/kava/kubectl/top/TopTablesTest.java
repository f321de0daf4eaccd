package io.kava.kubectl.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.metrics.v1beta1.ContainerMetrics;
import io.kava.api.metrics.v1beta1.NodeMetrics;
import io.kava.api.metrics.v1beta1.PodMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `kavactl top` rows: kubectl's columns, millicores and mebibytes, percentages of allocatable, sorting. */
class TopTablesTest {
  private static PodMetrics pod(String ns, String name, String... cpuMemory) {
    PodMetrics.Builder b = PodMetrics.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name).setNamespace(ns));
    for (int i = 0; i < cpuMemory.length; i += 2) {
      b.addContainers(ContainerMetrics.newBuilder().setName("c" + i / 2)
          .putAllUsage(Map.of("cpu", cpuMemory[i], "memory", cpuMemory[i + 1])));
    }
    return b.build();
  }

  @Test
  void podsSumTheirContainersInMillicoresAndMebibytes() {
    List<PodMetrics> metrics = List.of(pod("default", "idle", "1000000n", "2097152"),
        pod("default", "busy", "998000000n", "1048576", "2500000n", "3Mi"));
    assertThat(TopTables.pods(metrics, false, false, "")).containsExactly(
        List.of("idle", "1m", "2Mi"), List.of("busy", "1001m", "4Mi"));
    assertThat(TopTables.pods(metrics, false, false, "cpu").get(0).get(0)).isEqualTo("busy");
    assertThat(TopTables.pods(metrics, false, false, "memory").get(0).get(0)).isEqualTo("busy");
  }

  @Test
  void containersAndAllNamespacesAddColumns() {
    assertThat(TopTables.podHeaders(true, true)).containsExactly("NAMESPACE", "POD", "NAME", "CPU(cores)", "MEMORY(bytes)");
    assertThat(TopTables.podHeaders(false, false)).containsExactly("NAME", "CPU(cores)", "MEMORY(bytes)");
    List<PodMetrics> metrics = List.of(pod("ns1", "web", "200m", "10Mi", "5m", "1Mi"));
    assertThat(TopTables.pods(metrics, true, true, "")).containsExactly(
        List.of("ns1", "web", "c0", "200m", "10Mi"), List.of("ns1", "web", "c1", "5m", "1Mi"));
  }

  @Test
  void nodesShowPercentOfAllocatableAndUnknownWithoutFigures() {
    Node n1 = Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("n1"))
        .setStatus(NodeStatus.newBuilder().putAllocatable("cpu", "2").putAllocatable("memory", "4Gi")).build();
    Node n2 = Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("n2")).build();
    NodeMetrics m1 = NodeMetrics.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("n1"))
        .putAllUsage(Map.of("cpu", "1333000000n", "memory", Long.toString(1024L << 20))).build();
    assertThat(TopTables.nodes(List.of(n1, n2), List.of(m1), "")).containsExactly(
        List.of("n1", "1333m", "66%", "1024Mi", "25%"),
        List.of("n2", "<unknown>", "<unknown>", "<unknown>", "<unknown>"));
  }

  @Test
  void sortByAcceptsCpuAndMemoryOnly() {
    assertThat(TopTables.checkSortBy("cpu")).isEqualTo("cpu");
    assertThat(TopTables.checkSortBy(null)).isEmpty();
    assertThatThrownBy(() -> TopTables.checkSortBy("name")).hasMessage("--sort-by accepts only cpu or memory");
  }
}
