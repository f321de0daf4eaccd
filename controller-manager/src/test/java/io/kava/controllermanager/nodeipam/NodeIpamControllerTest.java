package io.kava.controllermanager.nodeipam;

import static io.kava.controllermanager.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.client.events.EventRecorder;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.testing.ControllerHarness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeIpamControllerTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private final ControllerHarness harness = new ControllerHarness();
  private final FakeApi eventApi = new FakeApi();
  private NodeIpamController controller;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    eventApi.close();
  }

  private void start(String clusterCidr) throws InterruptedException {
    var events = eventApi.client();
    controller = harness.start(c -> new NodeIpamController(c,
        new EventRecorder(events.resource(Event.class), "cidrAllocator", ""),
        new NodeIpamConfig(true, clusterCidr, 24).cidrSet()));
    controller.occupyExisting();
  }

  private static Node withCidr(Node node, String cidr) {
    return node.toBuilder().setSpec(node.getSpec().toBuilder().setPodCidr(cidr).addPodCidrs(cidr)).build();
  }

  @Test
  void aNodeWithoutAPodCidrGetsTheFirstFreeOneInBothFields() throws Exception {
    harness.api.seed(withCidr(node("node-1", "True", T0), "10.244.0.0/24"));
    harness.api.seed(node("node-2", "True", T0));
    start("10.244.0.0/16");

    controller.sync("node-2");

    Node stored = harness.stored(Node.class, "", "node-2");
    assertThat(stored.getSpec().getPodCidr()).isEqualTo("10.244.1.0/24");
    assertThat(stored.getSpec().getPodCidrsList()).containsExactly("10.244.1.0/24");
    assertThat(harness.api.writes()).containsExactly("update nodes node-2");
  }

  @Test
  void aSecondSyncChangesNothing() throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    start("10.244.0.0/16");
    controller.sync("node-1");
    // The cache may not have the update yet: the stored Node is read before allocating again.
    controller.sync("node-1");
    assertThat(harness.api.writes()).containsExactly("update nodes node-1");
  }

  @Test
  void aRestartedControllerTakesTheSubnetsOfExistingNodesFirst() throws Exception {
    harness.api.seed(withCidr(node("node-1", "True", T0), "10.244.0.0/24"));
    harness.api.seed(withCidr(node("node-2", "True", T0), "10.244.1.0/24"));
    harness.api.seed(node("node-3", "True", T0));
    start("10.244.0.0/16");

    controller.sync("node-3");

    assertThat(harness.stored(Node.class, "", "node-3").getSpec().getPodCidr()).isEqualTo("10.244.2.0/24");
  }

  @Test
  void aDeletedNodesSubnetIsFreed() throws Exception {
    harness.api.seed(withCidr(node("node-1", "True", T0), "10.244.0.0/24"));
    harness.api.seed(node("node-2", "True", T0));
    start("10.244.0.0/24");

    harness.client().resource(Node.class).delete("", "node-1");
    harness.awaitCached(Node.class, nodes -> nodes.size() == 1);
    controller.sync("node-2");

    assertThat(harness.stored(Node.class, "", "node-2").getSpec().getPodCidr()).isEqualTo("10.244.0.0/24");
  }

  @Test
  void aFullRangeGivesTheNodeACidrNotAvailableEventAndIsRetried() throws Exception {
    harness.api.seed(withCidr(node("node-1", "True", T0), "10.244.0.0/24"));
    harness.api.seed(node("node-2", "True", T0));
    start("10.244.0.0/24");

    assertThatThrownBy(() -> controller.sync("node-2")).hasMessageContaining("the cluster CIDR is full");

    assertThat(harness.api.writes()).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> !eventApi.eventWrites().isEmpty());
    Event event = eventApi.client().resource(Event.class).list(new io.kava.client.ListOptions("", "", ""))
        .items().get(0);
    assertThat(event.getReason()).isEqualTo("CIDRNotAvailable");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("node-2");
  }
}
