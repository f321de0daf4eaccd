package io.kava.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.ContainerStats;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.PodStats;
import io.kava.api.kubelet.v1.StatsSummary;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.metrics.v1beta1.NodeMetrics;
import io.kava.api.metrics.v1beta1.PodMetrics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kubelet summary as metrics.k8s.io objects, in metrics-server's units. */
class MetricsViewsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:30Z");

  private static ContainerStats stats(String name, long nanoCores, long bytes, String at, long windowMillis) {
    return ContainerStats.newBuilder().setName(name).setUsageNanoCores(nanoCores).setWorkingSetBytes(bytes)
        .setTimestamp(at).setWindowMillis(windowMillis).build();
  }

  private static final PodStats WEB = PodStats.newBuilder()
      .setPod(PodRef.newBuilder().setUid("u1").setNamespace("default").setName("web"))
      .addContainers(stats("app", 250_000_000, 20L << 20, "2026-12-01T12:00:15Z", 15_000))
      .addContainers(stats("sidecar", 1_000_000, 4L << 20, "2026-12-01T12:00:16Z", 15_012))
      .build();

  @Test
  void aPodsContainersKeepTheirOwnFiguresAndThePodTakesTheLatestTimeAndLongestWindow() {
    Pod pod = Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default")
        .setUid("u1").putLabels("app", "web")).build();
    PodMetrics m = MetricsViews.pod(pod, WEB, NOW).orElseThrow();
    assertThat(m.getApiVersion()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(m.getMetadata().getLabelsMap()).containsEntry("app", "web");
    assertThat(m.getContainers(0).getUsageMap()).containsEntry("cpu", "250000000n").containsEntry("memory", "20971520");
    assertThat(m.getTimestamp()).isEqualTo("2026-12-01T12:00:16Z");
    assertThat(m.getWindow()).isEqualTo("15.012s");
  }

  @Test
  void aNodesUsageIsTheSumOfItsPods() {
    StatsSummary summary = StatsSummary.newBuilder().setNodeName("n1").addPods(WEB)
        .addPods(PodStats.newBuilder().addContainers(stats("x", 750_000_000, 8L << 20, "2026-12-01T12:00:14Z", 15_000)))
        .build();
    NodeMetrics m = MetricsViews.node("n1", summary, NOW).orElseThrow();
    assertThat(m.getUsageMap()).containsEntry("cpu", "1001000000n").containsEntry("memory", Long.toString(32L << 20));
    assertThat(m.getMetadata().getName()).isEqualTo("n1");
  }

  @Test
  void podStatsAreFoundByUidAcrossNodes() {
    StatsSummary a = StatsSummary.newBuilder().addPods(WEB).build();
    assertThat(MetricsViews.byUid(List.of(a, StatsSummary.getDefaultInstance()))).containsOnlyKeys("u1");
  }
}
