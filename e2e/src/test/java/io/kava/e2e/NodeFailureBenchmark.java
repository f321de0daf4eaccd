package io.kava.e2e;

import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark, not a test: the time from kill -9 of a kubelet to every pod of a 4-replica Deployment
 * Running on the other node, split into its steps (node marked Unknown, first pod evicted, all
 * replaced), beside the baseline of the same run: the same Deployment created from nothing on a
 * healthy cluster. The configured timeouts are printed with the figures, since they make most of
 * the time. Run with deploy/bench.sh node-failure [ROUNDS].
 */
public final class NodeFailureBenchmark {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Long> baseline = new ArrayList<>();
    List<Long> notReady = new ArrayList<>();
    List<Long> firstEvicted = new ArrayList<>();
    List<Long> allMoved = new ArrayList<>();
    try (TestCluster cluster = NodeFailure.cluster().start()) {
      KavaClient client = cluster.client();
      System.out.println("Timeouts: " + NodeFailure.describeTimeouts());
      for (int round = 1; round <= rounds; round++) {
        String app = "nodefail-" + round;
        long created = System.nanoTime();
        new Workloads(client).create(NodeFailure.deployment(app));
        NodeFailure.awaitRunning(client, app, LIMIT);
        baseline.add(millisSince(created));

        List<Pod> before = NodeFailure.pods(client, app);
        int victim = NodeFailure.busiestNode(cluster, before);
        String dead = cluster.nodeNames().get(victim);
        String alive = cluster.nodeNames().get(1 - victim);
        long killed = System.nanoTime();
        cluster.killKubelet(victim);
        poll(() -> !NodeFailure.readyStatus(client, dead).equals("True"));
        notReady.add(millisSince(killed));
        poll(() -> NodeFailure.pods(client, app).stream()
            .anyMatch(p -> p.getSpec().getNodeName().equals(dead) && !p.getMetadata().getDeletionTimestamp().isEmpty()));
        firstEvicted.add(millisSince(killed));
        poll(() -> NodeFailure.allRunningOn(client, app, alive));
        allMoved.add(millisSince(killed));
        System.out.printf("round %d: %d pods on the killed node; baseline %d ms, not ready %d ms, first eviction %d ms,"
                + " all %d running elsewhere %d ms%n", round,
            before.stream().filter(p -> p.getSpec().getNodeName().equals(dead)).count(), last(baseline), last(notReady),
            last(firstEvicted), NodeFailure.REPLICAS, last(allMoved));

        cluster.startKubelet(victim);
        poll(() -> NodeFailure.readyStatus(client, dead).equals("True"));
        client.resource(Deployment.class).delete(NodeFailure.NS, app);
        poll(() -> NodeFailure.pods(client, app).isEmpty());
      }
    }
    System.out.println();
    System.out.println("Median of " + rounds + " rounds (" + NodeFailure.describeTimeouts() + "):");
    System.out.printf("  baseline: 4-replica Deployment created -> all Running   %6d ms%n", median(baseline));
    System.out.printf("  kill -9 kubelet -> node not Ready                        %6d ms%n", median(notReady));
    System.out.printf("  kill -9 kubelet -> first pod evicted                     %6d ms%n", median(firstEvicted));
    System.out.printf("  kill -9 kubelet -> all 4 pods Running on the other node  %6d ms%n", median(allMoved));
  }

  private static void poll(java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(LIMIT).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(ApiException.class)
        .until(condition);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long last(List<Long> values) {
    return values.get(values.size() - 1);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
