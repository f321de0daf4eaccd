package io.kava.e2e;

import io.kava.api.core.v1.Pod;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.EndpointStates;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.client.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: HTTP through a Service's ClusterIP and NodePort beside the same load sent
 * straight to one pod IP, in the same run; the time from a pod turning unready to its endpoint leaving
 * kube-proxy's rules; and DNS queries per second against the cluster DNS. Run with
 * deploy/bench.sh services [SECONDS] [CLIENTS] [ORDER], ORDER like pod,clusterip,nodeport.
 */
public final class ServiceBenchmark {
  private static final String NS = "default";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String order = args.length > 2 ? args[2] : "pod,clusterip,nodeport";
    try (TestCluster cluster = new TestCluster().withServices().start()) {
      Workloads workloads = new Workloads(cluster.client());
      workloads.create(WEB);
      List<Pod> pods = workloads.awaitReadyPods(NS, "app=bench", 3);
      workloads.awaitEndpoints(NS, "bench", pods);
      var svc = workloads.service(NS, "bench");
      String podIp = pods.get(0).getStatus().getPodIp();
      System.out.printf("HTTP GET /hostname, a new TCP connection per request, %d clients, %d s each, 3 replicas%n",
          clients, seconds);
      // Warm up every path once so the first figures are not the JIT's.
      for (String[] target : List.of(new String[] {podIp, "80"}, new String[] {svc.getSpec().getClusterIp(), "80"})) {
        load(target[0], Integer.parseInt(target[1]), clients, 2);
      }
      // The order of the three paths is an argument: each run leaves conntrack and TIME_WAIT state behind
      // on the same pod ports, which can weigh on the path measured after it.
      for (String path : order.split(",")) {
        switch (path) {
          case "pod" -> print("pod IP (baseline, one pod)", load(podIp, 80, clients, seconds));
          case "clusterip" -> print("ClusterIP (3 pods)", load(svc.getSpec().getClusterIp(), 80, clients, seconds));
          case "nodeport" -> print("NodePort on " + TestCluster.NODE_IPS[0] + " (3 pods)",
              load(TestCluster.NODE_IPS[0], svc.getSpec().getPorts(0).getNodePort(), clients, seconds));
          default -> throw new IllegalArgumentException("Unknown path " + path + ": use pod, clusterip, nodeport");
        }
      }
      unreadyToRules(cluster, workloads, 5);
      DnsLoad.run(cluster, seconds, clients);
    }
  }

  private static final String WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: bench
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: bench
        template:
          metadata:
            labels:
              app: bench
          spec:
            terminationGracePeriodSeconds: 2
            containers:
            - name: web
              image: nginx:1.14.2
              readinessProbe:
                exec:
                  command: ["sh", "-c", "! test -f /tmp/unready"]
                periodSeconds: 1
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: bench
      spec:
        type: NodePort
        selector:
          app: bench
        ports:
        - port: 80
      """;

  /** Latencies in microseconds of every successful request, and the failures, over the run. */
  record Run(List<Long> micros, long failures, double seconds) {}

  static Run load(String host, int port, int clients, int seconds) throws InterruptedException {
    List<Long> all = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> {
        List<Long> mine = new ArrayList<>();
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          if (HttpProbe.tryGet(host, port, "/hostname", 3000) == null) {
            failures.incrementAndGet();
          } else {
            mine.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
          }
        }
        all.addAll(mine);
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Run(all, failures.get(), (System.nanoTime() - start) / 1e9);
  }

  static void print(String what, Run run) {
    List<Long> sorted = new ArrayList<>(run.micros());
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      System.out.printf("%-34s no successful request (%d failed)%n", what, run.failures());
      return;
    }
    System.out.printf("%-34s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  failed %d%n", what,
        sorted.size() / run.seconds(), percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0, run.failures());
  }

  static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  /**
   * Makes one pod fail its readiness probe, n times, and times three steps from that moment: the pod's
   * Ready=False seen through a watch (the kubelet's probe period dominates), its EndpointSlice entry
   * turning not ready, and its address leaving kube-proxy's rules (iptables-save polled every 20 ms).
   */
  private static void unreadyToRules(TestCluster cluster, Workloads workloads, int n) throws Exception {
    List<Long> toNotReady = new ArrayList<>();
    List<Long> toSlice = new ArrayList<>();
    List<Long> toRules = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Pod pod = workloads.awaitReadyPods(NS, "app=bench", 3).get(i % 3);
      String ip = pod.getStatus().getPodIp();
      AtomicLong notReadyAt = new AtomicLong();
      AtomicLong sliceAt = new AtomicLong();
      var podClient = cluster.client().resource(Pod.class);
      var sliceClient = cluster.client().resource(EndpointSlice.class);
      Watch podWatch = podClient.watch(ListOptions.inNamespace(NS).withLabelSelector("app=bench"),
          podClient.list(ListOptions.inNamespace(NS)).resourceVersion(), listener(e -> {
            if (e.object() != null && e.object().getMetadata().getName().equals(pod.getMetadata().getName())
                && !Workloads.isReady(e.object())) {
              notReadyAt.compareAndSet(0, System.nanoTime());
            }
          }));
      Watch sliceWatch = sliceClient.watch(ListOptions.inNamespace(NS).withLabelSelector("kubernetes.io/service-name=bench"),
          sliceClient.list(ListOptions.inNamespace(NS)).resourceVersion(), listener(e -> {
            if (e.object() != null && e.object().getEndpointsList().stream().noneMatch(ep -> ep.getAddressesList().contains(ip)
                && EndpointStates.ready(ep.getConditions()))) {
              sliceAt.compareAndSet(0, System.nanoTime());
            }
          }));
      long t0 = System.nanoTime();
      PodShell.exec(pod, "web", "touch", "/tmp/unready");
      long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
      while (Docker.iptablesSave().contains("-j DNAT --to-destination " + ip + ":") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long rulesAt = System.nanoTime();
      podWatch.close();
      sliceWatch.close();
      toNotReady.add(TimeUnit.NANOSECONDS.toMillis(notReadyAt.get() - t0));
      toSlice.add(TimeUnit.NANOSECONDS.toMillis(sliceAt.get() - t0));
      toRules.add(TimeUnit.NANOSECONDS.toMillis(rulesAt - t0));
      PodShell.exec(pod, "web", "rm", "-f", "/tmp/unready");
    }
    System.out.printf("pod made unready (readiness probe every 1 s), %d times; ms from the probe's file appearing:%n", n);
    printMillis("  pod Ready=False seen (kubelet)", toNotReady);
    printMillis("  EndpointSlice not ready seen", toSlice);
    printMillis("  address gone from iptables", toRules);
    List<Long> sliceToRules = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sliceToRules.add(toRules.get(i) - toSlice.get(i));
    }
    printMillis("  slice change -> rules (kube-proxy)", sliceToRules);
  }

  static void printMillis(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("%-40s p50 %5d ms  max %5d ms  (%s)%n", what, percentile(sorted, 50),
        sorted.get(sorted.size() - 1), millis);
  }

  private static <T extends com.google.protobuf.Message> WatchListener<T> listener(
      java.util.function.Consumer<WatchEvent<T>> onEvent) {
    return new WatchListener<>() {
      @Override
      public void onEvent(WatchEvent<T> e) {
        onEvent.accept(e);
      }

      @Override
      public void onClose(ApiException error) {}
    };
  }
}
