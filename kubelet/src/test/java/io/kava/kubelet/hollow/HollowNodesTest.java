package io.kava.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import io.kava.kubelet.testing.TestPods;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hollow node against a fake API: its Node, its Lease, its pods Running and Ready, deletes confirmed. */
class HollowNodesTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<Pod> pods = client.resource(Pod.class);
  // One node: the fake API does not filter watches by field, so a second node would see every pod.
  private final HollowNodes hollow = new HollowNodes(new HollowNodesConfig("fake", 1, "hollow-", "4", "16Gi", 110,
      Duration.ofSeconds(1), Duration.ofMillis(200), 2), client);

  @AfterEach
  void close() {
    hollow.close();
    client.close();
    api.close();
  }

  @Test
  void registersItsNodeWithTheHollowLabelAndCapacityAndRenewsItsLease() {
    hollow.start();
    Node node = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(() -> client.resource(Node.class).get("", "hollow-1"), n -> n != null);
    assertThat(node.getMetadata().getLabelsMap()).containsEntry("kava.io/hollow", "true")
        .containsEntry("kubernetes.io/hostname", "hollow-1");
    assertThat(node.getStatus().getCapacityMap()).containsEntry("pods", "110").containsEntry("cpu", "4")
        .containsEntry("memory", "16Gi");
    assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo(HollowRuntime.VERSION);
    assertThat(node.getStatus().getAddresses(0).getAddress()).isEqualTo("127.128.0.255");
    Lease first = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(() -> client.resource(Lease.class).get("kube-node-lease", "hollow-1"), l -> l != null);
    await().atMost(Duration.ofSeconds(5)).until(() -> !client.resource(Lease.class).get("kube-node-lease", "hollow-1")
        .getSpec().getRenewTime().equals(first.getSpec().getRenewTime()));
  }

  @Test
  void reportsItsPodsRunningAndReadyWithAnAddressAsTheKubeletWrites() {
    api.seed(TestPods.pod("web", "hollow-1", TestPods.container("app"), TestPods.container("sidecar")));
    hollow.start();
    Pod running = await().atMost(Duration.ofSeconds(5))
        .until(() -> pods.get("default", "web"), p -> p.getStatus().getPhase().equals("Running"));
    assertThat(running.getStatus().getPodIp()).isEqualTo("127.128.0.1");
    assertThat(running.getStatus().getHostIp()).isEqualTo("127.128.0.255");
    Map<String, String> conditions = running.getStatus().getConditionsList().stream()
        .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
    assertThat(conditions).containsEntry("Ready", "True").containsEntry("ContainersReady", "True")
        .containsEntry("Initialized", "True").containsEntry("PodScheduled", "True");
    assertThat(running.getStatus().getContainerStatusesList()).hasSize(2)
        .allSatisfy(s -> assertThat(s.getReady() && s.getState().hasRunning() && s.getStarted()).isTrue());
    assertThat(running.getStatus().getQosClass()).isEqualTo("BestEffort");
  }

  @Test
  void confirmsAGracefulDeleteWithTheFinalDeleteAndReusesTheAddress() {
    api.seed(TestPods.pod("web", "hollow-1", TestPods.container("app")));
    hollow.start();
    Pod running = await().atMost(Duration.ofSeconds(5))
        .until(() -> pods.get("default", "web"), p -> p.getStatus().getPhase().equals("Running"));
    // What the API server does to a pod on a node: it only sets deletionTimestamp; the kubelet finishes.
    pods.update(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-01-01T00:00:00Z").setDeletionGracePeriodSeconds(30)).build());
    await().atMost(Duration.ofSeconds(5)).until(() -> gone("web"));
    assertThat(api.writes()).contains("delete pods default/web");

    api.seed(TestPods.pod("next", "hollow-1", TestPods.container("app")));
    Pod next = await().atMost(Duration.ofSeconds(5))
        .until(() -> pods.get("default", "next"), p -> p.getStatus().getPhase().equals("Running"));
    assertThat(next.getStatus().getPodIp()).as("the deleted pod's address is free again").isEqualTo("127.128.0.1");
    assertThat(hollow.runningPods()).isEqualTo(1);
  }

  private boolean gone(String name) {
    try {
      pods.get("default", name);
      return false;
    } catch (ApiException e) {
      return e.isNotFound();
    }
  }
}
