package io.kava.apiserver.metrics;

import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.ContainerStats;
import io.kava.api.kubelet.v1.PodStats;
import io.kava.api.kubelet.v1.StatsSummary;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.metrics.v1beta1.ContainerMetrics;
import io.kava.api.metrics.v1beta1.NodeMetrics;
import io.kava.api.metrics.v1beta1.PodMetrics;
import io.kava.client.Times;
import io.kava.client.flags.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubelet summary as metrics.k8s.io objects, as metrics-server builds them: cpu in nanocores ("12345n"),
 * memory as the working set in bytes; a pod's timestamp is its latest container reading and its window
 * the longest container window. A node's usage is the sum of its pods' containers (Kava's nodes share one
 * host, so the host's own figures would count every node's pods).
 */
public final class MetricsViews {
  public static final String API_VERSION = "metrics.k8s.io/v1beta1";

  private MetricsViews() {}

  public static Optional<NodeMetrics> node(String name, StatsSummary summary, Instant now) {
    long nanoCores = 0;
    long bytes = 0;
    Instant latest = null;
    Duration window = Duration.ZERO;
    for (PodStats pod : summary.getPodsList()) {
      for (ContainerStats c : pod.getContainersList()) {
        nanoCores += c.getUsageNanoCores();
        bytes += c.getWorkingSetBytes();
        latest = later(latest, Times.parse(c.getTimestamp()));
        window = longer(window, Duration.ofMillis(c.getWindowMillis()));
      }
    }
    return Optional.of(NodeMetrics.newBuilder().setApiVersion(API_VERSION).setKind("NodeMetrics")
        .setMetadata(ObjectMeta.newBuilder().setName(name).setCreationTimestamp(Times.format(now)))
        .setTimestamp(Times.format(latest == null ? now : latest))
        .setWindow(GoDurations.format(window))
        .putAllUsage(usage(nanoCores, bytes))
        .build());
  }

  /** The pod's metrics when the summary holds figures for it. */
  public static Optional<PodMetrics> pod(Pod pod, PodStats stats, Instant now) {
    if (stats.getContainersCount() == 0) {
      return Optional.empty();
    }
    PodMetrics.Builder b = PodMetrics.newBuilder().setApiVersion(API_VERSION).setKind("PodMetrics")
        .setMetadata(ObjectMeta.newBuilder().setName(pod.getMetadata().getName())
            .setNamespace(pod.getMetadata().getNamespace()).putAllLabels(pod.getMetadata().getLabelsMap())
            .setCreationTimestamp(Times.format(now)));
    Instant latest = null;
    Duration window = Duration.ZERO;
    for (ContainerStats c : stats.getContainersList()) {
      b.addContainers(ContainerMetrics.newBuilder().setName(c.getName())
          .putAllUsage(usage(c.getUsageNanoCores(), c.getWorkingSetBytes())));
      latest = later(latest, Times.parse(c.getTimestamp()));
      window = longer(window, Duration.ofMillis(c.getWindowMillis()));
    }
    return Optional.of(b.setTimestamp(Times.format(latest == null ? now : latest))
        .setWindow(GoDurations.format(window)).build());
  }

  static Map<String, String> usage(long nanoCores, long workingSetBytes) {
    return Map.of("cpu", nanoCores + "n", "memory", Long.toString(workingSetBytes));
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }

  private static Duration longer(Duration a, Duration b) {
    return b.compareTo(a) > 0 ? b : a;
  }

  /** Every pod's stats by uid, over the summaries of all nodes. */
  static Map<String, PodStats> byUid(List<StatsSummary> summaries) {
    Map<String, PodStats> result = new java.util.HashMap<>();
    for (StatsSummary s : summaries) {
      for (PodStats p : s.getPodsList()) {
        result.put(p.getPod().getUid(), p);
      }
    }
    return result;
  }
}
