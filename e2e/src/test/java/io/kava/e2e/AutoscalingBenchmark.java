package io.kava.e2e;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.core.v1.Pod;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: the HorizontalPodAutoscaler's reaction time, from the moment a CPU-burning
 * pod runs (its load starts) to 3 replicas Ready, with upstream's defaults (kubelet stats every 15 s,
 * HPA sync every 15 s), beside the same scale-up asked for by hand (`UpdateScale` to 3 -> 3 Ready) in
 * the same run: the difference is what measuring and deciding cost. Run with deploy/bench.sh
 * autoscaling [ROUNDS].
 */
public final class AutoscalingBenchmark {
  private static final String NS = "default";
  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final String BURN = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: burn}
      spec:
        replicas: 1
        selector: {matchLabels: {app: burn}}
        template:
          metadata: {labels: {app: burn}}
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: burn
              image: busybox
              command: ["sh", "-c", "while :; do :; done"]
              resources: {requests: {cpu: 50m}, limits: {cpu: 200m}}
      """;
  private static final String HPA = """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: burn}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: burn}
        minReplicas: 1
        maxReplicas: 3
        metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Samples hpa = new Samples();
    Samples manual = new Samples();
    try (TestCluster cluster = new TestCluster().start()) {
      KavaClient client = cluster.client();
      Workloads workloads = new Workloads(client);
      for (int i = 0; i < rounds; i++) {
        workloads.create(BURN);
        waitFor(() -> ready(client) == 1);
        long t0 = System.nanoTime();
        workloads.create(HPA);
        waitFor(() -> ready(client) == 3);
        hpa.add((System.nanoTime() - t0) / 1e6);
        client.resource(HorizontalPodAutoscaler.class).delete(NS, "burn");
        clean(client);

        workloads.create(BURN);
        waitFor(() -> ready(client) == 1);
        long t1 = System.nanoTime();
        Scale scale = client.resource(Deployment.class).getScale(NS, "burn");
        // Unconditional, as `kubectl scale` without --resource-version: the controller moves the
        // Deployment's resourceVersion (status) between the get and the update.
        client.resource(Deployment.class).updateScale(scale.toBuilder()
            .setMetadata(scale.getMetadata().toBuilder().clearResourceVersion())
            .setSpec(scale.getSpec().toBuilder().setReplicas(3)).build());
        waitFor(() -> ready(client) == 3);
        manual.add((System.nanoTime() - t1) / 1e6);
        clean(client);
      }
    }
    BenchReport report = new BenchReport("autoscaling", "HPA reaction: a CPU-burning pod running -> 3 replicas Ready, "
        + rounds + " rounds on 2 nodes (stats every 15 s, HPA sync every 15 s: the defaults)");
    report.latencies("load start -> 3 Ready", "HPA", hpa, "UpdateScale by hand", manual, "ms",
        "within 2 sync periods + pod startup (upstream: 15 s + 15 s metrics resolution)");
    report.note("Load average at the end: " + ApiBenchServer.loadAverage());
    report.write(args);
  }

  private static long ready(KavaClient client) {
    return client.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("app=burn")).items().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp().isEmpty() && Workloads.isReady(p)).count();
  }

  private static void clean(KavaClient client) throws InterruptedException {
    client.resource(Deployment.class).delete(NS, "burn", DeleteOptions.propagation("Background"));
    waitFor(() -> client.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("app=burn")).items()
        .isEmpty());
  }

  private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Not done within " + LIMIT);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }
}
