package io.kava.e2e;

import io.kava.e2e.bench.BenchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: the resident memory (VmRSS from /proc/PID/status) of every process of an idle
 * 2-node cluster with Services (API server, scheduler, controller manager, two kubelets, kube-proxy, DNS),
 * etcd beside them as a reference, and upstream's anchors as text. Run with deploy/bench.sh memory
 * [SETTLE_SECONDS]: the figures are read after the cluster has idled that long (default 30).
 */
public final class MemoryBenchmark {
  /** Upstream's anchors (k3s' documented footprint on an idle cluster), not measured here. */
  private static final String ANCHORS = "upstream anchors (not measured here): k3s server ~1.6 GB, k3s agent ~275 MB";
  private static final long KUBELET_GOAL_MB = 150;
  private static final long CONTROL_PLANE_GOAL_MB = 600;

  public static void main(String[] args) throws Exception {
    long settle = args.length > 0 ? Long.parseLong(args[0]) : 30;
    TestCluster cluster = new TestCluster().withServices();
    try (cluster) { // closed even when it did not come up
      cluster.start();
      Thread.sleep(Duration.ofSeconds(settle).toMillis()); // idle: what a quiet cluster holds
      Map<String, Long> rss = new LinkedHashMap<>();
      rss.put("api-server", rssMb(cluster.apiServerProcess(0).pid()));
      rss.put("scheduler", rssMb(cluster.schedulers().get(0).pid()));
      rss.put("controller-manager", rssMb(cluster.controllerManagers().get(0).pid()));
      for (int i = 0; i < cluster.kubelets().size(); i++) {
        rss.put("kubelet-" + (i + 1), rssMb(cluster.kubelets().get(i).pid()));
      }
      rss.put("kube-proxy", rssMb(cluster.kubeProxyProcess().pid()));
      rss.put("dns", rssMb(cluster.dnsProcess().pid()));
      etcdPid(cluster.etcd().dataDir(0)).ifPresent(pid -> rss.put("etcd (reference)", rssMb(pid)));

      BenchReport report = new BenchReport("memory", "Memory (VmRSS) of an idle 2-node cluster, " + settle
          + " s after every node was Ready");
      long etcd = rss.getOrDefault("etcd (reference)", 0L);
      rss.forEach((name, mb) -> report.figure(name, mb, etcd, "MB", ""));
      long controlPlane = rss.get("api-server") + rss.get("scheduler") + rss.get("controller-manager");
      long kubelet = Math.max(rss.get("kubelet-1"), rss.get("kubelet-2"));
      report.figure("api-server + scheduler + controller-manager", controlPlane, "MB", "k3s server ~1.6 GB",
              "<= " + CONTROL_PLANE_GOAL_MB + " MB")
          .figure("largest kubelet", kubelet, "MB", "k3s agent ~275 MB", "<= " + KUBELET_GOAL_MB + " MB")
          .note("Baseline column: etcd's RSS in the same run. " + ANCHORS + ".")
          .write(args);
    }
  }

  static long rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  /** The etcd member serving this data directory (EtcdProcessCluster keeps its process to itself). */
  private static OptionalLong etcdPid(Path dataDir) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        try {
          String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (cmdline.contains("etcd") && cmdline.contains(dataDir.toString())) {
            found.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // the process ended while we looked
        }
      });
    }
    return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
  }
}
