package io.kava.e2e;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.core.v1.Toleration;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: pods bound per second by the real scheduler process on NODES Node objects
 * (no kubelets: {@link NodeObjects}), measured from the first pod create until the last binding is seen
 * through a watch, with PODS pods created ahead as fast as the API server takes them. Each pod asks what
 * a normal Deployment pod asks of the default plugins: cpu and memory requests, a nodeSelector every
 * node matches, a node affinity three zones of four match, tolerations, and a controller owner (so
 * SelectorSpread counts siblings).
 *
 * <p>A warm-up round of PODS/5 pods bound by the baseline client comes first (not reported), so
 * that both phases meet a warm API server, and another of PODS/5 pods through the scheduler right after
 * it starts (not reported), so that the figure is the scheduler's steady state, not its JIT warm-up.
 * Baseline, same run, same etcd and API server: the same pods for a scheduler name nobody serves,
 * bound round robin by a client that learns of them through a watch and sends the same Bind call with
 * as many calls in flight as the scheduler's binder. The gap between the two is the scheduler's own
 * time; the CPU seconds of the scheduler and the API server in each phase say where it went.
 *
 * <p>Node objects rather than hollow nodes, as upstream's scheduler_perf: a hollow node's JVM would
 * share the same cores, and its Running status writes and Lease renewals would load the API server
 * the two phases share, so the figure would no longer be the scheduler's; DensityBenchmark measures
 * scheduling on hollow nodes end to end.
 *
 * <p>Run with deploy/bench.sh scheduler [NODES] [PODS] (default 1000 and 5000); the table and a CDF of
 * create -> bound go to docs/benchmarks/scheduler.md and .svg. KAVA_BENCH_JFR=DIR records the scheduler
 * with JFR into DIR/scheduler.jfr; KAVA_BENCH_SCHEDULER_ARGS adds scheduler flags;
 * KAVA_BENCH_SCHEDULER_JAR runs another build of the scheduler (an older commit's, to compare in one run).
 */
public final class SchedulerBenchmark {
  /** The scheduler's binder threads, and so the baseline client's calls in flight. */
  static final int BINDERS = 64;
  private static final int CREATORS = 32;

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    String loadBefore = loadAverage();
    try (TestCluster cluster = new TestCluster().controlPlaneOnly().start()) {
      KavaClient client = cluster.client();
      long t0 = System.nanoTime();
      List<String> nodeNames = NodeObjects.create(client, "bench-node", nodes);
      System.out.printf("created %d Node objects and Leases in %.1f s%n", nodes, seconds(System.nanoTime() - t0));
      // Warm-up, not reported: the API server's JIT would otherwise favour whichever phase runs second.
      run(cluster, "bench-warmup", Math.max(pods / 5, 1), "bench-binder", null, roundRobinBinder(client, nodeNames));
      ManagedProcess scheduler = startScheduler(cluster);
      Phase scheduled;
      try {
        Awaitility.await("scheduler started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> scheduler.logContains("Started scheduling"));
        // The scheduler's own warm-up, not reported either: a fresh JVM spends its first seconds compiling.
        run(cluster, "bench-sched-warmup", Math.max(pods / 5, 1), "default-scheduler", scheduler, null)
            .print("scheduler warm-up (not reported)");
        scheduled = run(cluster, "bench-sched", pods, "default-scheduler", scheduler, null);
      } finally {
        scheduler.stop();
      }
      Phase baseline = run(cluster, "bench-bind", pods, "bench-binder", null, roundRobinBinder(client, nodeNames));
      String loadAfter = loadAverage();
      System.out.printf("%nscheduler throughput, %d pods on %d nodes (load average before: %s)%n", pods, nodes, loadBefore);
      scheduled.print("kava scheduler: create -> bound (watch)");
      baseline.print("baseline: round-robin Bind client");
      System.out.printf("ratio scheduler / baseline: %.2f%n", scheduled.perSecond() / baseline.perSecond());
      report(nodes, pods, scheduled, baseline, loadBefore, loadAfter).write(args);
    }
  }

  private static BenchReport report(int nodes, int pods, Phase scheduled, Phase baseline, String loadBefore,
      String loadAfter) {
    return new BenchReport("scheduler", "Scheduler throughput, " + pods + " pods on " + nodes + " Node objects")
        .figure("pods bound per second", scheduled.perSecond(), baseline.perSecond(), "pods/s", ">= 500 pods/s")
        .figure("pod creates per second during the phase", pods / seconds(scheduled.createNanos()),
            pods / seconds(baseline.createNanos()), "/s", "")
        .latencies("create -> bound (watch)", "kava scheduler", scheduled.lags(), "round-robin Bind client",
            baseline.lags(), "ms", "")
        .figure("scheduler CPU", scheduled.schedulerCpu(), "s", "-", "")
        .figure("API server CPU", scheduled.apiCpu(), baseline.apiCpu(), "s", "")
        .note("Baseline, same run, same etcd and API server: the same pods for a scheduler name nobody serves, bound"
            + " round robin by a client that learns of them through a watch, " + BINDERS + " Bind calls in flight"
            + " (the scheduler's binder threads). Node objects without kubelets, as upstream's scheduler_perf.")
        .note("Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter
            + ". A shared machine: compare the two columns of one run only.");
  }

  /** One phase's figures. */
  record Phase(int pods, long createNanos, long boundNanos, int bound, double schedulerCpu, double apiCpu,
      Samples lags) {
    double perSecond() {
      return bound / seconds(boundNanos);
    }

    void print(String what) {
      System.out.printf("%-42s %4d/%d bound in %6.2f s = %6.0f pods/s; creates %6.0f/s; create -> bound mean %.0f ms,"
          + " %s; CPU s: scheduler %s, API server %.1f%n",
          what, bound, pods, seconds(boundNanos), perSecond(), pods / seconds(createNanos), lags.mean(),
          lags.summary("ms"), Double.isNaN(schedulerCpu) ? "-" : String.format("%.1f", schedulerCpu), apiCpu);
    }
  }

  private static Phase run(TestCluster cluster, String namespace, int count, String schedulerName,
      ManagedProcess scheduler, Binder binder) throws Exception {
    KavaClient client = cluster.client();
    client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(namespace)).build());
    // The ServiceAccount admission plugin refuses a pod whose account is missing; with no controller
    // manager here, the benchmark writes the namespace's "default" account as its controller would.
    client.resource(ServiceAccount.class).create(ServiceAccount.newBuilder().setApiVersion("v1").setKind("ServiceAccount")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName("default")).build());
    ResourceClient<Pod> podClient = client.resource(Pod.class);
    Map<String, Long> bound = new ConcurrentHashMap<>();
    Map<String, Long> created = new ConcurrentHashMap<>();
    CountDownLatch allBound = new CountDownLatch(count);
    String rv = podClient.list(ListOptions.inNamespace(namespace)).resourceVersion();
    Watch watch = podClient.watch(ListOptions.inNamespace(namespace), rv, new WatchListener<>() {
      @Override
      public void onEvent(WatchEvent<Pod> e) {
        Pod pod = e.object();
        if (pod == null) {
          return;
        }
        if (!pod.getSpec().getNodeName().isEmpty()) {
          if (bound.putIfAbsent(pod.getMetadata().getName(), System.nanoTime()) == null) {
            allBound.countDown();
          }
        } else if (binder != null) {
          binder.offer(pod);
        }
      }

      @Override
      public void onClose(ApiException error) {}
    });
    double schedCpu0 = scheduler == null ? Double.NaN : cpuSeconds(scheduler.pid());
    double apiCpu0 = cpuSeconds(cluster.apiServerProcess(0).pid());
    String owner = UUID.randomUUID().toString();
    AtomicInteger next = new AtomicInteger();
    ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
    AtomicLong createdAt = new AtomicLong();
    AtomicReference<RuntimeException> createFailure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int t = 0; t < CREATORS; t++) {
      creators.execute(() -> {
        int i;
        try {
          while ((i = next.getAndIncrement()) < count && createFailure.get() == null) {
            created.put("pod-" + i, System.nanoTime());
            podClient.create(pod(namespace, "pod-" + i, schedulerName, owner));
          }
        } catch (RuntimeException e) {
          createFailure.compareAndSet(null, e);
        }
        createdAt.accumulateAndGet(System.nanoTime(), Math::max);
      });
    }
    creators.shutdown();
    creators.awaitTermination(10, TimeUnit.MINUTES);
    // A refused create would leave the phase waiting out its 10 minutes for pods that do not exist.
    if (createFailure.get() != null) {
      watch.close();
      throw new IllegalStateException("a pod create failed in " + namespace + ": " + createFailure.get().getMessage(),
          createFailure.get());
    }
    allBound.await(10, TimeUnit.MINUTES);
    long end = System.nanoTime();
    watch.close();
    if (binder != null) {
      binder.close();
    }
    double schedCpu = scheduler == null ? Double.NaN : cpuSeconds(scheduler.pid()) - schedCpu0;
    Samples lags = new Samples();
    for (Map.Entry<String, Long> e : bound.entrySet()) {
      lags.add((e.getValue() - created.get(e.getKey())) / 1e6);
    }
    return new Phase(count, createdAt.get() - start, end - start, bound.size(), schedCpu,
        cpuSeconds(cluster.apiServerProcess(0).pid()) - apiCpu0, lags);
  }

  /** A normal ReplicaSet pod: requests, a nodeSelector, a zone affinity 3 of 4 nodes match, tolerations. */
  static Pod pod(String namespace, String name, String schedulerName, String ownerUid) {
    Container app = Container.newBuilder().setName("app").setImage("kava/demo:1.0")
        .setResources(ResourceRequirements.newBuilder().putRequests("cpu", "100m").putRequests("memory", "128Mi")
            .putLimits("memory", "256Mi"))
        .build();
    NodeSelectorTerm zones = NodeSelectorTerm.newBuilder().addMatchExpressions(NodeSelectorRequirement.newBuilder()
        .setKey(NodeObjects.ZONE_LABEL).setOperator("In").addAllValues(NodeObjects.ZONES.subList(0, 3))).build();
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name).putLabels("app", "bench")
            .addOwnerReferences(OwnerReference.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
                .setName("bench").setUid(ownerUid).setController(true)))
        .setSpec(PodSpec.newBuilder().addContainers(app).setSchedulerName(schedulerName)
            .putNodeSelector("kubernetes.io/os", "linux")
            .setAffinity(Affinity.newBuilder().setNodeAffinity(NodeAffinity.newBuilder()
                .setRequiredDuringSchedulingIgnoredDuringExecution(NodeSelector.newBuilder().addNodeSelectorTerms(zones))))
            .addTolerations(Toleration.newBuilder().setKey("node.kubernetes.io/not-ready").setOperator("Exists")
                .setEffect("NoExecute").setTolerationSeconds(300))
            .addTolerations(Toleration.newBuilder().setKey("node.kubernetes.io/unreachable").setOperator("Exists")
                .setEffect("NoExecute").setTolerationSeconds(300)))
        .build();
  }

  /** Binds every unbound pod it is offered to the next node in turn, {@link #BINDERS} calls in flight. */
  private static Binder roundRobinBinder(KavaClient client, List<String> nodeNames) {
    return new Binder(client.resource(Pod.class), nodeNames);
  }

  private static final class Binder implements AutoCloseable {
    private final BlockingQueue<Pod> pending = new LinkedBlockingQueue<>();
    private final Map<String, Boolean> offered = new ConcurrentHashMap<>();
    private final AtomicInteger nextNode = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(BINDERS);

    Binder(ResourceClient<Pod> pods, List<String> nodeNames) {
      Consumer<Pod> bind = pod -> {
        try {
          String node = nodeNames.get(Math.floorMod(nextNode.getAndIncrement(), nodeNames.size()));
          pods.bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
        } catch (ApiException e) {
          System.err.println("bind failed: " + e.getMessage());
        }
      };
      for (int i = 0; i < BINDERS; i++) {
        threads.execute(() -> {
          try {
            while (true) {
              bind.accept(pending.take());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
    }

    void offer(Pod pod) {
      if (offered.putIfAbsent(pod.getMetadata().getName(), true) == null) {
        pending.add(pod);
      }
    }

    @Override
    public void close() {
      threads.shutdownNow();
    }
  }

  private static ManagedProcess startScheduler(TestCluster cluster) throws Exception {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(TestCluster.jvmOptions(repo, "scheduler"));
    String jfr = System.getenv("KAVA_BENCH_JFR");
    if (jfr != null && !jfr.isEmpty()) {
      Files.createDirectories(Path.of(jfr));
      command.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename=" + Path.of(jfr, "scheduler.jfr"));
    }
    String jar = System.getenv().getOrDefault("KAVA_BENCH_SCHEDULER_JAR",
        repo.resolve("scheduler/target/kava-scheduler.jar").toString());
    command.addAll(List.of("-jar", jar, "--server", cluster.apiServer(), "--kubeconfig", cluster.kubeconfig("scheduler").toString()));
    String extra = System.getenv("KAVA_BENCH_SCHEDULER_ARGS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    Path log = repo.resolve("e2e/target/e2e-logs/scheduler-benchmark-" + UUID.randomUUID().toString().substring(0, 6) + ".log");
    System.out.println("scheduler log: " + log);
    return new ManagedProcess("scheduler", command, log).start();
  }

  /** utime + stime of a process from /proc, in seconds (USER_HZ is 100 on Linux). */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "?";
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
