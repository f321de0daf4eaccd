package io.kava.e2e;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Pod;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.e2e.bench.BenchReport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: a Job of N completions at parallelism P (pods running `true`), from create
 * to Complete, in pods per second, beside a Deployment creating as many pods in the same run on the same
 * fresh 2-node cluster: N replicas from create to all Running, in rounds of at most 200 (two nodes hold
 * 220 pods at the kubelet's default --max-pods), only the scale-ups timed. Run with deploy/bench.sh jobs [N] [P].
 */
public final class JobBenchmark {
  private static final String NS = "default";
  private static final Duration LIMIT = Duration.ofMinutes(30);
  private static final int MAX_ROUND = 200;

  public static void main(String[] args) throws Exception {
    int completions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (TestCluster cluster = new TestCluster().withControllerManagerArgs("--job-pod-failure-backoff", "1s").start()) {
      KavaClient client = cluster.client();
      double job = jobPodsPerSecond(client, completions, parallelism);
      double deployment = deploymentPodsPerSecond(client, completions);
      new BenchReport("jobs", String.format("Jobs, %d pods at parallelism %d on 2 nodes (real Docker)",
          completions, parallelism))
          .figure("Job create -> Complete, beside a Deployment of as many replicas create -> all Running",
              job, deployment, "pods/s", "")
          .note("A Job's pod runs `true` and is replaced when it succeeds, at most " + parallelism
              + " at a time; the Deployment's pods of a round all start at once and keep running"
              + (completions > MAX_ROUND ? " (rounds of " + MAX_ROUND + " replicas, each deleted before the next)." : "."))
          .write(String.valueOf(completions), String.valueOf(parallelism));
    }
  }

  private static double jobPodsPerSecond(KavaClient client, int completions, int parallelism) throws Exception {
    String job = String.format("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: bench, namespace: default}
        spec:
          completions: %d
          parallelism: %d
          template:
            spec:
              containers: [{name: work, image: busybox, command: ["true"]}]
              restartPolicy: Never
        """, completions, parallelism);
    long t0 = System.nanoTime();
    new Workloads(client).create(job);
    waitFor(() -> client.resource(Job.class).get(NS, "bench").getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True")));
    double seconds = (System.nanoTime() - t0) / 1e9;
    client.resource(Job.class).delete(NS, "bench", DeleteOptions.propagation("Background"));
    waitFor(() -> client.resource(Pod.class).list(ListOptions.inNamespace(NS)).items().isEmpty());
    return completions / seconds;
  }

  /** Pods per second over rounds of at most MAX_ROUND replicas, create to all Running; deletions untimed. */
  private static double deploymentPodsPerSecond(KavaClient client, int pods) throws Exception {
    double seconds = 0;
    for (int left = pods; left > 0; left -= MAX_ROUND) {
      seconds += deploymentRoundSeconds(client, Math.min(left, MAX_ROUND));
    }
    return pods / seconds;
  }

  private static double deploymentRoundSeconds(KavaClient client, int replicas) throws Exception {
    String d = String.format("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: bench, namespace: default}
        spec:
          replicas: %d
          selector: {matchLabels: {app: bench}}
          template:
            metadata: {labels: {app: bench}}
            spec:
              containers: [{name: work, image: busybox, command: ["sleep", "3600"]}]
        """, replicas);
    long t0 = System.nanoTime();
    new Workloads(client).create(d);
    waitFor(() -> client.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("app=bench")).items()
        .stream().filter(p -> p.getStatus().getPhase().equals("Running")).count() >= replicas);
    double seconds = (System.nanoTime() - t0) / 1e9;
    client.resource(Deployment.class).delete(NS, "bench", DeleteOptions.propagation("Background"));
    waitFor(() -> client.resource(Pod.class).list(ListOptions.inNamespace(NS)).items().isEmpty());
    return seconds;
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
