package io.kava.e2e;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Benchmark, not a test: upstream's density test on hollow nodes. NODES hollow nodes (no real ones),
 * PODS_PER_NODE x NODES pods created at RATE per second; pod startup (create until Running is seen
 * through a watch, SLO p99 <= 5 s) and the RSS of the API server, scheduler, controller manager and the
 * hollow nodes' JVM. Baseline, same cluster, same run: the startup of pods created one at a time
 * before the load (what the create -> bind -> status path costs when nothing else runs), and every
 * process's RSS at that point (idle with NODES nodes). Run with deploy/bench.sh density [NODES]
 * [PODS_PER_NODE] [RATE].
 */
public final class DensityBenchmark {
  private static final int BASELINE_PODS = 20;

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perNode = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int total = nodes * perNode;
    long clusterStart = System.nanoTime();
    try (TestCluster cluster = new TestCluster().withRealNodes(0)
        .withHollowNodes(nodes, "--max-pods", Integer.toString(Math.max(110, perNode)))) {
      try {
        cluster.start();
        System.out.printf("density: %d hollow nodes Ready in %d s%n", nodes,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - clusterStart));
      } catch (ConditionTimeoutException e) {
        // Measured anyway (RSS above all): the pods then go to the nodes that are Ready.
        System.out.printf("density: NOT every one of %d hollow nodes Ready after %d s (%s); measuring anyway%n",
            nodes, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - clusterStart), e.getMessage().split(" because")[0]);
      }
      ResourceClient<Pod> pods = cluster.client().resource(Pod.class);
      Startup baseline = new Startup(pods, "baseline", BASELINE_PODS);
      for (int i = 0; i < BASELINE_PODS; i++) {
        baseline.create(i);
        baseline.awaitRunning(1 + i, 30);
      }
      baseline.close();
      Map<String, Long> idle = rss(cluster);

      Startup density = new Startup(pods, "density", total);
      ExecutorService creators = Executors.newFixedThreadPool(16);
      long start = System.nanoTime();
      long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
      for (int i = 0; i < total; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // pacing the creates at RATE per second
        }
        int index = i;
        creators.execute(() -> density.create(index));
      }
      double createSeconds = (System.nanoTime() - start) / 1e9;
      boolean all = density.awaitRunning(total, 120 + total / 100);
      double runningSeconds = (System.nanoTime() - start) / 1e9;
      Map<String, Long> loaded = rss(cluster);
      creators.shutdownNow();
      density.close();

      String summary = String.format(java.util.Locale.ROOT,
          "%d nodes x %d pods = %d pods created at %d/s in %.1f s; %s Running after %.1f s", nodes, perNode, total,
          rate, createSeconds, all ? "all" : density.running() + " of them", runningSeconds);
      BenchReport report = new BenchReport("density", "Density: " + nodes + " hollow nodes, " + perNode
          + " pods each, created at " + rate + "/s")
          .latencies("pod startup (create -> Running, watch)", "at " + rate + "/s", Samples.of(density.latencies()),
              "one at a time", Samples.of(baseline.latencies()), "ms", "p99 <= 5000 ms (upstream SLO)");
      idle.forEach((name, kb) -> report.figure("RSS " + name + " (after pods; baseline: idle with the nodes)",
          loaded.getOrDefault(name, 0L) / 1024.0, kb / 1024.0, "MB", ""));
      // In creation order, a tenth of the load at a time: says whether the tail is the load's start (cold
      // processes) or its growth (a queue that never drains).
      List<Samples> tenths = density.latenciesByTenth(total);
      StringBuilder byTenth = new StringBuilder("pod startup p50 / p99 by tenth of the load, in creation order (ms):");
      for (Samples tenth : tenths) {
        byTenth.append(String.format(java.util.Locale.ROOT, " %.0f / %.0f;", tenth.percentile(50), tenth.percentile(99)));
      }
      System.out.println(byTenth);
      report.note(byTenth.toString());
      report.note(summary + ". Baseline: " + BASELINE_PODS + " pods created one after another on the same"
          + " cluster before the load, and each process's RSS at that moment.");
      report.write(args);
    }
  }

  /** Pods of one phase: created at known times, Running seen through one watch. */
  private static final class Startup {
    private final ResourceClient<Pod> pods;
    private final String phase;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final Map<String, Long> runningAt = new ConcurrentHashMap<>();
    private final CountDownLatch allRunning;
    private final Watch watch;

    Startup(ResourceClient<Pod> pods, String phase, int count) {
      this.pods = pods;
      this.phase = phase;
      this.allRunning = new CountDownLatch(count);
      String rv = pods.list(ListOptions.inNamespace("default").withLabelSelector("bench=" + phase)).resourceVersion();
      watch = pods.watch(ListOptions.inNamespace("default").withLabelSelector("bench=" + phase), rv,
          new WatchListener<>() {
            @Override
            public void onEvent(WatchEvent<Pod> e) {
              if (e.object() != null && e.object().getStatus().getPhase().equals("Running")
                  && runningAt.putIfAbsent(e.object().getMetadata().getName(), System.nanoTime()) == null) {
                allRunning.countDown();
              }
            }

            @Override
            public void onClose(ApiException error) {
              if (error != null) {
                System.err.println("density: the watch of " + phase + " pods ended: " + error.getMessage());
              }
            }
          });
    }

    void create(int index) {
      String name = phase + "-" + index;
      Pod pod = Manifests.pod("default", name, Manifests.container("busybox", List.of("sleep", "3600")));
      pod = pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().putLabels("bench", phase)).build();
      createdAt.put(name, System.nanoTime());
      try {
        pods.create(pod);
      } catch (ApiException e) {
        createdAt.remove(name);
        System.err.println("density: create of " + name + " failed: " + e.getMessage());
      }
    }

    boolean awaitRunning(int count, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (runningAt.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(5); // polling a counter, not waiting for a state: the figure is the watch's timestamp
      }
      return runningAt.size() >= count;
    }

    int running() {
      return runningAt.size();
    }

    List<Long> latencies() {
      List<Long> millis = new ArrayList<>();
      createdAt.forEach((name, t0) -> {
        Long t1 = runningAt.get(name);
        if (t1 != null) {
          millis.add(TimeUnit.NANOSECONDS.toMillis(t1 - t0));
        }
      });
      return millis;
    }

    /** The latencies of each tenth of the pods in creation order (a pod's name ends in its index). */
    List<Samples> latenciesByTenth(int total) {
      List<List<Long>> tenths = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tenths.add(new ArrayList<>());
      }
      createdAt.forEach((name, t0) -> {
        Long t1 = runningAt.get(name);
        if (t1 != null) {
          int index = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
          tenths.get(Math.min(9, index * 10 / Math.max(total, 1))).add(TimeUnit.NANOSECONDS.toMillis(t1 - t0));
        }
      });
      return tenths.stream().map(Samples::of).toList();
    }

    void close() {
      watch.close();
    }
  }

  /** VmRSS (kB) of each process TestCluster started, from /proc/PID/status. */
  private static Map<String, Long> rss(TestCluster cluster) throws IOException {
    Map<String, Long> kb = new LinkedHashMap<>();
    kb.put("api-server", vmRss(cluster.apiServerProcess(0).pid()));
    kb.put("scheduler", vmRss(cluster.schedulers().get(0).pid()));
    kb.put("controller-manager", vmRss(cluster.controllerManagers().get(0).pid()));
    kb.put("hollow nodes (one JVM)", vmRss(cluster.hollowNodesProcess().pid()));
    return kb;
  }

  static long vmRss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
