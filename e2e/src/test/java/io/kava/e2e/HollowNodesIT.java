package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.DeleteOptions;
import io.kava.client.ListOptions;
import java.time.Duration;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hollow-node tier (kubemark's): 100 hollow nodes and no real ones; a Deployment of 1000 pods is
 * bound within the scheduler's rules, Running everywhere, and deleting it removes every pod.
 */
class HollowNodesIT {
  private static final int NODES = 100;
  private static final int REPLICAS = 1000;
  private static final int MAX_PODS = 30;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    // Assigned before start, so that @AfterAll stops what a failed start left running.
    cluster = new TestCluster().withRealNodes(0).withHollowNodes(NODES, "--max-pods", Integer.toString(MAX_PODS));
    cluster.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aThousandPodsAreBoundEvenlyRunAndGoAwayWithTheirDeployment() {
    List<Node> nodes = cluster.client().resource(Node.class).list(ListOptions.all().withLabelSelector("kava.io/hollow=true"))
        .items();
    assertThat(nodes).hasSize(NODES).allSatisfy(n ->
        assertThat(n.getStatus().getCapacityMap()).containsEntry("pods", Integer.toString(MAX_PODS)));

    new Workloads(cluster.client()).create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: density
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: density
          template:
            metadata:
              labels:
                app: density
            spec:
              nodeSelector:
                kava.io/hollow: "true"
              containers:
              - name: main
                image: busybox
                resources:
                  requests:
                    cpu: 100m
                    memory: 64Mi
        """.formatted(REPLICAS));

    var pods = cluster.client().resource(Pod.class);
    ListOptions ours = ListOptions.inNamespace("default").withLabelSelector("app=density");
    await("every pod Running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> pods.list(ours).items().stream().filter(p -> p.getStatus().getPhase().equals("Running")).count()
            == REPLICAS);

    List<Pod> running = pods.list(ours).items();
    assertThat(running).hasSize(REPLICAS).allSatisfy(p -> {
      assertThat(p.getSpec().getNodeName()).startsWith(cluster.hollowNodePrefix());
      assertThat(p.getStatus().getPodIp()).startsWith("127.");
      assertThat(Workloads.isReady(p)).isTrue();
    });
    assertThat(running.stream().map(p -> p.getStatus().getPodIp()).distinct()).hasSize(REPLICAS);
    Map<String, Long> perNode = running.stream().collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(),
        Collectors.counting()));
    IntSummaryStatistics spread = nodes.stream()
        .mapToInt(n -> perNode.getOrDefault(n.getMetadata().getName(), 0L).intValue()).summaryStatistics();
    // Least-allocated and selector-spread scoring fill the emptiest node first: 10 each, give or take.
    assertThat(spread.getMax()).as("no node above its pod capacity, none far above the mean: %s", spread)
        .isLessThanOrEqualTo(Math.min(MAX_PODS, 2 * REPLICAS / NODES));
    assertThat(spread.getMin()).as("every node got pods: %s", spread).isGreaterThanOrEqualTo(REPLICAS / NODES / 2);

    cluster.client().resource(Deployment.class).delete("default", "density", DeleteOptions.defaults());
    await("every pod deleted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> pods.list(ours).items().isEmpty());
  }
}
