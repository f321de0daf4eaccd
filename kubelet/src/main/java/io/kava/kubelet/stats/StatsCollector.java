package io.kava.kubelet.stats;

import io.kava.api.kubelet.v1.ContainerStats;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.PodStats;
import io.kava.api.kubelet.v1.StatsSummary;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.UsageSample;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Reads every running pod container of this node once per period (--stats-collection-period) and keeps
 * the figures of the last pass, which {@link KubeletStatsService} serves: Docker is asked once per
 * container and period, never per request. Reads run in parallel, as each waits about a second for the
 * engine's next reading. Sandboxes are left out, as upstream leaves the pause container out of pod stats.
 */
public final class StatsCollector implements Runnable {
  private final ContainerRuntime runtime;
  private final String node;
  private final ExecutorService reads;
  private final Map<String, UsageSample> previous = new HashMap<>();
  private volatile StatsSummary summary;

  public StatsCollector(ContainerRuntime runtime, String node, ExecutorService reads) {
    this.runtime = runtime;
    this.node = node;
    this.reads = reads;
    this.summary = StatsSummary.newBuilder().setNodeName(node).build();
  }

  /**
   * The pool a collector's reads run on: at most {@code parallel} at once. Unbounded, a pass over a hundred
   * containers asked the engine for a hundred stats at once, and a slow engine then held every connection.
   */
  public static ExecutorService readers(int parallel) {
    return java.util.concurrent.Executors.newFixedThreadPool(parallel, io.kava.kubelet.DaemonThreads.named("kubelet-stats"));
  }

  /** The last pass's figures. */
  public StatsSummary summary() {
    return summary;
  }

  /** One pass; called by the kubelet's timer, never concurrently with itself. */
  @Override
  public synchronized void run() {
    List<ContainerSummary> running = runtime.listContainers(ContainerLabels.ofNode(node)).stream()
        .filter(c -> c.state() == ContainerState.RUNNING)
        .filter(c -> !ContainerLabels.SANDBOX_NAME.equals(c.labels().get(ContainerLabels.CONTAINER_NAME)))
        .filter(c -> c.labels().containsKey(ContainerLabels.POD_UID))
        .toList();
    Map<String, CompletableFuture<Optional<UsageSample>>> pending = new LinkedHashMap<>();
    for (ContainerSummary c : running) {
      pending.put(c.id(), CompletableFuture.supplyAsync(() -> runtime.stats(c.id()), reads));
    }
    Map<String, UsageSample> current = new HashMap<>();
    Map<String, PodStats.Builder> pods = new LinkedHashMap<>();
    for (ContainerSummary c : running) {
      Optional<UsageSample> sample;
      try {
        sample = pending.get(c.id()).join();
      } catch (RuntimeException e) {
        continue; // gone or unreadable this pass: left out, as metrics-server leaves out what it cannot read
      }
      if (sample.isEmpty()) {
        continue;
      }
      current.put(c.id(), sample.get());
      ContainerUsage.of(previous.get(c.id()), sample.get()).ifPresent(usage -> pods
          .computeIfAbsent(c.labels().get(ContainerLabels.POD_UID), uid -> PodStats.newBuilder().setPod(ref(c)))
          .addContainers(stats(c.labels().get(ContainerLabels.CONTAINER_NAME), usage)));
    }
    previous.clear();
    previous.putAll(current);
    StatsSummary.Builder next = StatsSummary.newBuilder().setNodeName(node);
    pods.values().forEach(next::addPods);
    summary = next.build();
  }

  private static PodRef ref(ContainerSummary c) {
    return PodRef.newBuilder().setUid(c.labels().get(ContainerLabels.POD_UID))
        .setNamespace(c.labels().getOrDefault(ContainerLabels.POD_NAMESPACE, ""))
        .setName(c.labels().getOrDefault(ContainerLabels.POD_NAME, "")).build();
  }

  static ContainerStats stats(String name, ContainerUsage usage) {
    return ContainerStats.newBuilder().setName(name == null ? "" : name)
        .setTimestamp(usage.timestamp().toString())
        .setWindowMillis(usage.window().toMillis())
        .setUsageCoreNanoSeconds(usage.cpuUsageNanos())
        .setUsageNanoCores(usage.nanoCores())
        .setWorkingSetBytes(usage.workingSetBytes())
        .build();
  }
}
