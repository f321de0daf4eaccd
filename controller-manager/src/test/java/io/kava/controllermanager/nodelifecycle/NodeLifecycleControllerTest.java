package io.kava.controllermanager.nodelifecycle;

import static io.kava.controllermanager.testing.Nodes.inZone;
import static io.kava.controllermanager.testing.Nodes.lease;
import static io.kava.controllermanager.testing.Nodes.node;
import static io.kava.controllermanager.testing.Nodes.tainted;
import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.onNode;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.client.taints.Taints;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.ControllerHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeLifecycleControllerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final NodeLifecycleConfig CONFIG = NodeLifecycleConfig.defaults();

  private final MutableClock clock = new MutableClock(T0);
  private final ControllerHarness harness = new ControllerHarness();
  private NodeLifecycleController controller;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void start() throws InterruptedException {
    controller = harness.start(c -> new NodeLifecycleController(c, CONFIG, clock));
  }

  private Node stored(String name) {
    return harness.stored(Node.class, "", name);
  }

  private static String ready(Node node) {
    return node.getStatus().getConditionsList().stream().filter(c -> c.getType().equals("Ready"))
        .map(NodeCondition::getStatus).findFirst().orElse("");
  }

  private void awaitNodeCached(String name, java.util.function.Predicate<Node> condition) {
    harness.awaitCached(Node.class, nodes -> nodes.stream()
        .anyMatch(n -> n.getMetadata().getName().equals(name) && condition.test(n)));
  }

  private void renew(String node) {
    Lease renewed = lease(node, clock.instant());
    harness.client().resource(Lease.class).update(renewed);
    harness.awaitCached(Lease.class, leases -> leases.stream().anyMatch(l -> l.equals(
        harness.stored(Lease.class, "kube-node-lease", node))));
  }

  private static boolean hasTaint(Node node, String key, String effect) {
    return Taints.has(node, key, effect);
  }

  @Test
  void aNodeSilentForLongerThanTheGracePeriodGetsUnknownConditionsTheUnreachableTaintAndNotReadyPods()
      throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    harness.api.seed(lease("node-1", T0));
    harness.api.seed(node("node-2", "True", T0));
    harness.api.seed(lease("node-2", T0));
    harness.api.seed(onNode(readySince(pod("web-1", Map.of()), T0), "node-1"));
    start();

    controller.monitorNodeHealth();
    assertThat(ready(stored("node-1"))).isEqualTo("True");

    clock.advance(Duration.ofSeconds(39));
    renew("node-2");
    controller.monitorNodeHealth();
    assertThat(ready(stored("node-1"))).as("still within the grace period").isEqualTo("True");

    clock.advance(Duration.ofSeconds(2));
    renew("node-2");
    controller.monitorNodeHealth();

    Node node1 = stored("node-1");
    NodeCondition readyCondition = node1.getStatus().getConditionsList().stream()
        .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    assertThat(readyCondition.getStatus()).isEqualTo("Unknown");
    assertThat(readyCondition.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(readyCondition.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(node1.getStatus().getConditionsList()).extracting(NodeCondition::getType)
        .contains("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    assertThat(node1.getStatus().getConditionsList()).allMatch(c -> c.getStatus().equals("Unknown"));
    assertThat(ready(stored("node-2"))).isEqualTo("True");

    Pod pod = harness.stored(Pod.class, NS, "web-1");
    assertThat(pod.getStatus().getConditionsList()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("False"));

    awaitNodeCached("node-1", n -> ready(n).equals("Unknown"));
    controller.taintingPass();
    assertThat(hasTaint(stored("node-1"), Taints.UNREACHABLE, Taints.NO_EXECUTE)).isTrue();
    assertThat(stored("node-1").getSpec().getTaints(0).getTimeAdded()).isNotEmpty();
    assertThat(stored("node-2").getSpec().getTaintsList()).isEmpty();

    awaitNodeCached("node-1", n -> hasTaint(n, Taints.UNREACHABLE, Taints.NO_EXECUTE));
    controller.syncNoScheduleTaints("node-1");
    assertThat(hasTaint(stored("node-1"), Taints.UNREACHABLE, Taints.NO_SCHEDULE)).isTrue();
  }

  @Test
  void aRenewedLeaseKeepsANodeHealthyWhateverTheTimestampsItsClockWrites() throws Exception {
    // The kubelet's clock is an hour behind: its renewTime is old, but it moves.
    Instant skewed = T0.minus(Duration.ofHours(1));
    harness.api.seed(node("node-1", "True", skewed));
    harness.api.seed(lease("node-1", skewed));
    start();

    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofSeconds(30));
      Lease renewed = lease("node-1", skewed.plusSeconds(30L * i));
      harness.client().resource(Lease.class).update(renewed);
      harness.awaitCached(Lease.class, leases -> leases.contains(harness.stored(Lease.class, "kube-node-lease", "node-1")));
      controller.monitorNodeHealth();
    }

    assertThat(ready(stored("node-1"))).isEqualTo("True");
    assertThat(harness.api.writes()).noneMatch(w -> w.startsWith("status nodes"));
  }

  @Test
  void aNodeReportingReadyFalseGetsTheNotReadyTaints() throws Exception {
    harness.api.seed(node("node-1", "False", T0));
    harness.api.seed(node("node-2", "True", T0));
    start();

    controller.monitorNodeHealth();
    controller.taintingPass();
    controller.syncNoScheduleTaints("node-1");

    Node node1 = stored("node-1");
    assertThat(hasTaint(node1, Taints.NOT_READY, Taints.NO_EXECUTE)).isTrue();
    assertThat(hasTaint(node1, Taints.UNREACHABLE, Taints.NO_EXECUTE)).isFalse();
    awaitNodeCached("node-1", n -> hasTaint(n, Taints.NOT_READY, Taints.NO_EXECUTE));
    controller.syncNoScheduleTaints("node-1");
    assertThat(hasTaint(stored("node-1"), Taints.NOT_READY, Taints.NO_SCHEDULE)).isTrue();
  }

  @Test
  void aNodeComingBackHasItsTaintsCleared() throws Exception {
    Node back = tainted(node("node-1", "True", T0),
        Taint.newBuilder().setKey(Taints.UNREACHABLE).setEffect(Taints.NO_EXECUTE).setTimeAdded("2026-12-01T09:00:00Z").build(),
        Taints.taint(Taints.UNREACHABLE, Taints.NO_SCHEDULE),
        Taints.taint("example.com/dedicated", Taints.NO_SCHEDULE));
    harness.api.seed(back);
    start();

    controller.monitorNodeHealth();
    awaitNodeCached("node-1", n -> !hasTaint(n, Taints.UNREACHABLE, Taints.NO_EXECUTE));
    controller.syncNoScheduleTaints("node-1");

    assertThat(stored("node-1").getSpec().getTaintsList()).extracting(Taint::getKey)
        .containsExactly("example.com/dedicated");
  }

  @Test
  void aCordonedNodeGetsTheUnschedulableTaintAndLosesItWhenUncordoned() throws Exception {
    Node cordoned = node("node-1", "True", T0);
    cordoned = cordoned.toBuilder().setSpec(cordoned.getSpec().toBuilder().setUnschedulable(true)).build();
    harness.api.seed(cordoned);
    start();

    controller.syncNoScheduleTaints("node-1");
    Node tainted = stored("node-1");
    assertThat(hasTaint(tainted, Taints.UNSCHEDULABLE, Taints.NO_SCHEDULE)).isTrue();

    harness.client().resource(Node.class).update(tainted.toBuilder()
        .setSpec(tainted.getSpec().toBuilder().setUnschedulable(false)).build());
    awaitNodeCached("node-1", n -> !n.getSpec().getUnschedulable());
    controller.syncNoScheduleTaints("node-1");
    assertThat(stored("node-1").getSpec().getTaintsList()).isEmpty();
  }

  @Test
  void whenEveryNodeGoesSilentAtOnceNothingIsTaintedForEviction() throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    harness.api.seed(node("node-2", "True", T0));
    start();
    controller.monitorNodeHealth();

    clock.advance(Duration.ofSeconds(41));
    controller.monitorNodeHealth();
    awaitNodeCached("node-1", n -> ready(n).equals("Unknown"));
    awaitNodeCached("node-2", n -> ready(n).equals("Unknown"));
    controller.monitorNodeHealth();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(20));
      controller.taintingPass();
      controller.monitorNodeHealth();
    }

    assertThat(ready(stored("node-1"))).isEqualTo("Unknown");
    assertThat(controller.tainter().zoneState("")).isEqualTo(ZoneState.FULL_DISRUPTION);
    assertThat(stored("node-1").getSpec().getTaintsList()).noneMatch(t -> t.getEffect().equals(Taints.NO_EXECUTE));
    assertThat(stored("node-2").getSpec().getTaintsList()).noneMatch(t -> t.getEffect().equals(Taints.NO_EXECUTE));
  }

  @Test
  void nodesOfAZoneAreTaintedAtTheEvictionRate() throws Exception {
    for (int i = 1; i <= 5; i++) {
      harness.api.seed(inZone(node("node-" + i, i <= 2 ? "False" : "True", T0), "a"));
    }
    start();

    controller.monitorNodeHealth();
    controller.taintingPass();
    controller.taintingPass();
    assertThat(noExecuteTainted()).as("the first node goes at once, the next waits 1/rate").hasSize(1);

    clock.advance(Duration.ofSeconds(9));
    controller.taintingPass();
    assertThat(noExecuteTainted()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    controller.taintingPass();
    assertThat(noExecuteTainted()).containsExactlyInAnyOrder("node-1", "node-2");
  }

  @Test
  void aNodeThatNeverPostedStatusGetsTheStartupGracePeriodThenNeverUpdatedConditions() throws Exception {
    Node silent = node("node-1", "True", T0);
    harness.api.seed(silent.toBuilder().setStatus(silent.getStatus().toBuilder().clearConditions()).build());
    harness.api.seed(node("node-2", "True", T0));
    start();

    controller.monitorNodeHealth();
    clock.advance(Duration.ofSeconds(59));
    controller.monitorNodeHealth();
    controller.taintingPass();
    assertThat(stored("node-1").getStatus().getConditionsList()).as("within --node-startup-grace-period").isEmpty();
    assertThat(stored("node-1").getSpec().getTaintsList()).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    controller.monitorNodeHealth();
    assertThat(stored("node-1").getStatus().getConditionsList()).hasSize(4)
        .allMatch(c -> c.getStatus().equals("Unknown") && c.getReason().equals("NodeStatusNeverUpdated")
            && c.getMessage().equals("Kubelet never posted node status."));
  }

  private List<String> noExecuteTainted() {
    return harness.client().resource(Node.class).list(io.kava.client.ListOptions.all()).items().stream()
        .filter(n -> hasTaint(n, Taints.NOT_READY, Taints.NO_EXECUTE)).map(n -> n.getMetadata().getName()).toList();
  }
}
