package io.kava.e2e;

import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kill -9 of a kubelet, shared by {@link NodeFailureIT} and {@link NodeFailureBenchmark}: a
 * cluster with short node-failure timeouts (all flags, as upstream has them), a 4-replica
 * Deployment, and the questions asked of it afterwards.
 */
final class NodeFailure {
  static final Duration GRACE = Duration.ofSeconds(10);
  static final int TOLERATION_SECONDS = 5;
  static final int REPLICAS = 4;
  /** maxSurge 25% of 4, rounded up, as upstream. */
  static final int MAX_SURGE = 1;
  static final String NS = "default";

  private NodeFailure() {}

  static TestCluster cluster() throws IOException {
    return new TestCluster()
        .withApiServerArgs("--default-not-ready-toleration-seconds", Integer.toString(TOLERATION_SECONDS),
            "--default-unreachable-toleration-seconds", Integer.toString(TOLERATION_SECONDS))
        .withControllerManagerArgs("--node-monitor-grace-period", GRACE.toSeconds() + "s",
            "--node-monitor-period", "1s")
        .withKubeletArgs("--node-status-update-frequency", "2s");
  }

  static String describeTimeouts() {
    return "--node-monitor-grace-period " + GRACE.toSeconds() + "s, --node-monitor-period 1s, "
        + "--default-unreachable-toleration-seconds " + TOLERATION_SECONDS + ", kubelet --node-status-update-frequency 2s";
  }

  static String deployment(String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: NAME
        spec:
          replicas: 4
          selector:
            matchLabels:
              app: NAME
          template:
            metadata:
              labels:
                app: NAME
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox
                command: ["sleep", "3600"]
        """.replace("NAME", name);
  }

  static List<Pod> pods(KavaClient client, String app) {
    return client.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("app=" + app)).items();
  }

  static boolean isRunning(Pod p) {
    return p.getMetadata().getDeletionTimestamp().isEmpty() && p.getStatus().getPhase().equals("Running");
  }

  /** Counts towards replicas + maxSurge: not terminating and not finished. */
  static boolean isActive(Pod p) {
    String phase = p.getStatus().getPhase();
    return p.getMetadata().getDeletionTimestamp().isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  /** The node index holding most of the app's pods (the one to kill). */
  static int busiestNode(TestCluster cluster, List<Pod> pods) {
    Map<String, Long> byNode = pods.stream().collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    String busiest = byNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return cluster.nodeNames().indexOf(busiest);
  }

  static String readyStatus(KavaClient client, String node) {
    try {
      return client.resource(Node.class).get("", node).getStatus().getConditionsList().stream()
          .filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus()).findFirst().orElse("");
    } catch (ApiException e) {
      return "";
    }
  }

  /**
   * Every replica Running on the given node. The evicted pods are still listed, Terminating, until
   * their kubelet comes back to confirm: they are not replicas any more.
   */
  static boolean allRunningOn(KavaClient client, String app, String node) {
    List<Pod> active = pods(client, app).stream().filter(NodeFailure::isActive).toList();
    return active.size() == REPLICAS && active.stream().allMatch(p -> isRunning(p) && p.getSpec().getNodeName().equals(node));
  }

  static void awaitRunning(KavaClient client, String app, Duration timeout) {
    await(REPLICAS + " pods of " + app + " running").atMost(timeout).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> pods(client, app).stream().filter(NodeFailure::isRunning).count() == REPLICAS);
  }

}
