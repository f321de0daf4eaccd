package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.taints.Taints;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesson's "what happens when that server crashes at 3 AM?", for real: kill -9 one of two
 * kubelets (its containers keep running, as on a machine cut off from the network). Its node goes
 * Unknown within the grace period, the taint manager evicts its pods once their (short) default
 * tolerations run out, the ReplicaSet replaces them on the other node without ever running more than
 * replicas + maxSurge, and the kubelet, started again, removes the containers of the pods that moved.
 */
class NodeFailureIT {
  private static TestCluster cluster;
  private static KavaClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = NodeFailure.cluster().start();
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killingAKubeletMovesItsPodsAndItsReturnLeavesNoContainerBehind() throws Exception {
    new Workloads(client).create(NodeFailure.deployment("crash"));
    NodeFailure.awaitRunning(client, "crash", Workloads.CONVERGE);
    List<Pod> before = NodeFailure.pods(client, "crash");
    int victim = NodeFailure.busiestNode(cluster, before);
    String dead = cluster.nodeNames().get(victim);
    String alive = cluster.nodeNames().get(1 - victim);
    Set<String> movedUids = before.stream().filter(p -> p.getSpec().getNodeName().equals(dead))
        .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    assertThat(movedUids).isNotEmpty();
    assertThat(before).allMatch(p -> p.getSpec().getTolerationsList().stream().anyMatch(t ->
        t.getKey().equals(Taints.UNREACHABLE) && t.getTolerationSeconds() == NodeFailure.TOLERATION_SECONDS));

    AtomicInteger maxActive = new AtomicInteger();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        try {
          int active = (int) NodeFailure.pods(client, "crash").stream().filter(NodeFailure::isActive).count();
          maxActive.accumulateAndGet(active, Math::max);
          Thread.sleep(100);
        } catch (ApiException e) {
          // a slow list: the next sample counts
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "active-pod-sampler");
    sampler.start();
    try {
      cluster.killKubelet(victim);

      await("node " + dead + " not ready").atMost(NodeFailure.GRACE.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> !NodeFailure.readyStatus(client, dead).equals("True"));
      Node node = client.resource(Node.class).get("", dead);
      assertThat(node.getStatus().getConditionsList()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
          .satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getMessage()).isEqualTo("Kubelet stopped posting node status.");
          });

      await("every replica running on " + alive).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(ApiException.class)
          .until(() -> NodeFailure.allRunningOn(client, "crash", alive));
      assertThat(Taints.has(client.resource(Node.class).get("", dead), Taints.UNREACHABLE, Taints.NO_EXECUTE)).isTrue();
      assertThat(client.resource(Event.class).list(ListOptions.inNamespace("default")).items())
          .anyMatch(e -> e.getReason().equals("TaintManagerEviction"));
    } finally {
      sampling.set(false);
      sampler.interrupt();
      sampler.join();
    }
    assertThat(maxActive.get()).as("pods not terminating, at the worst sample")
        .isLessThanOrEqualTo(NodeFailure.REPLICAS + NodeFailure.MAX_SURGE);
    assertThat(movedUids).allMatch(uid -> !Docker.containersOfPod(uid, "app", true).isEmpty())
        .as("a dead kubelet's containers keep running until it comes back");

    cluster.startKubelet(victim);

    await("node " + dead + " ready and untainted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .ignoreExceptionsInstanceOf(ApiException.class).until(() -> {
          Node n = client.resource(Node.class).get("", dead);
          return NodeFailure.readyStatus(client, dead).equals("True") && n.getSpec().getTaintsList().isEmpty();
        });
    await("no container of a moved pod left").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> movedUids.stream().allMatch(uid -> Docker.containersOfPod(uid, "app", false).isEmpty()));
    await("the moved pods' deletion confirmed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> NodeFailure.pods(client, "crash").stream().noneMatch(p -> movedUids.contains(p.getMetadata().getUid())));
    assertThat(Docker.runningAppContainers(List.of(dead))).isEmpty();
    assertThat(NodeFailure.pods(client, "crash")).hasSize(NodeFailure.REPLICAS).allMatch(NodeFailure::isRunning);
  }
}
