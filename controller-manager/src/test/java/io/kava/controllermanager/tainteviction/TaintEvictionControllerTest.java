package io.kava.controllermanager.tainteviction;

import static io.kava.controllermanager.testing.Nodes.node;
import static io.kava.controllermanager.testing.Nodes.tainted;
import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.onNode;
import static io.kava.controllermanager.testing.Workloads.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Toleration;
import io.kava.client.ListOptions;
import io.kava.client.events.EventRecorder;
import io.kava.client.taints.Taints;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.ControllerHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaintEvictionControllerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String KEY = NS + "/web-1";

  private final MutableClock clock = new MutableClock(T0);
  private final ControllerHarness harness = new ControllerHarness();
  private final FakeApi eventApi = new FakeApi();
  private TaintEvictionController controller;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    eventApi.close();
  }

  private void start() throws InterruptedException {
    var events = eventApi.client();
    controller = harness.start(c -> new TaintEvictionController(c,
        new EventRecorder(events.resource(Event.class), TaintEvictionController.NAME, ""), clock));
  }

  private static Node unreachable() {
    return tainted(node("node-1", "Unknown", T0), Taints.taint(Taints.UNREACHABLE, Taints.NO_EXECUTE));
  }

  private static Pod podTolerating(Toleration... tolerations) {
    Pod p = onNode(pod("web-1", Map.of()), "node-1");
    return p.toBuilder().setSpec(p.getSpec().toBuilder().addAllTolerations(java.util.List.of(tolerations))).build();
  }

  private static Toleration unreachableFor(Long seconds) {
    Toleration.Builder t = Toleration.newBuilder().setKey(Taints.UNREACHABLE).setOperator("Exists").setEffect(Taints.NO_EXECUTE);
    if (seconds != null) {
      t.setTolerationSeconds(seconds);
    }
    return t.build();
  }

  private boolean deleted() {
    return harness.api.writes().contains("delete pods " + KEY);
  }

  private void awaitEvent(String message) {
    await().atMost(ControllerHarness.TIMEOUT).until(() -> eventApi.client().resource(Event.class).list(ListOptions.all())
        .items().stream().anyMatch(e -> e.getReason().equals("TaintManagerEviction") && e.getMessage().equals(message)));
  }

  @Test
  void aPodThatDoesNotTolerateTheTaintIsDeletedAtOnceWithAnEvent() throws Exception {
    harness.api.seed(unreachable());
    harness.api.seed(podTolerating());
    start();

    controller.sync(KEY);

    assertThat(deleted()).isTrue();
    awaitEvent("Marking for deletion Pod " + KEY);
  }

  @Test
  void aPodWithTolerationSecondsIsDeletedWhenTheyRunOut() throws Exception {
    harness.api.seed(unreachable());
    harness.api.seed(podTolerating(unreachableFor(300L)));
    start();

    controller.sync(KEY);
    assertThat(deleted()).isFalse();
    assertThat(controller.isPending(KEY)).isTrue();

    clock.advance(Duration.ofSeconds(299));
    controller.sync(KEY);
    assertThat(deleted()).as("one second left").isFalse();

    clock.advance(Duration.ofSeconds(1));
    controller.sync(KEY);
    assertThat(deleted()).isTrue();
  }

  @Test
  void theShortestMatchingTolerationCounts() throws Exception {
    harness.api.seed(tainted(unreachable(), Taints.taint(Taints.NOT_READY, Taints.NO_EXECUTE)));
    harness.api.seed(podTolerating(unreachableFor(300L),
        Toleration.newBuilder().setKey(Taints.NOT_READY).setOperator("Exists").setTolerationSeconds(5).build()));
    start();

    controller.sync(KEY);
    clock.advance(Duration.ofSeconds(5));
    controller.sync(KEY);
    assertThat(deleted()).isTrue();
  }

  @Test
  void aTolerationWithoutSecondsStaysForever() throws Exception {
    harness.api.seed(unreachable());
    harness.api.seed(podTolerating(unreachableFor(null)));
    start();

    controller.sync(KEY);
    clock.advance(Duration.ofDays(30));
    controller.sync(KEY);

    assertThat(deleted()).isFalse();
    assertThat(controller.isPending(KEY)).isFalse();
  }

  @Test
  void theTaintGoingAwayCancelsThePendingEviction() throws Exception {
    harness.api.seed(unreachable());
    harness.api.seed(podTolerating(unreachableFor(60L)));
    start();
    controller.sync(KEY);
    assertThat(controller.isPending(KEY)).isTrue();

    Node back = harness.stored(Node.class, "", "node-1");
    harness.client().resource(Node.class).update(back.toBuilder().setSpec(back.getSpec().toBuilder().clearTaints()).build());
    harness.awaitCached(Node.class, nodes -> nodes.get(0).getSpec().getTaintsCount() == 0);
    clock.advance(Duration.ofSeconds(30));
    controller.sync(KEY);

    assertThat(controller.isPending(KEY)).isFalse();
    awaitEvent("Cancelling deletion of Pod " + KEY);
    clock.advance(Duration.ofSeconds(60));
    controller.sync(KEY);
    assertThat(deleted()).isFalse();
  }

  @Test
  void aTaintAddedAgainStartsTheTimeAgain() throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    harness.api.seed(podTolerating(unreachableFor(60L)));
    start();
    controller.sync(KEY);
    assertThat(controller.isPending(KEY)).as("no taint, nothing pending").isFalse();

    clock.advance(Duration.ofSeconds(100));
    Node current = harness.stored(Node.class, "", "node-1");
    harness.client().resource(Node.class).update(tainted(current, Taints.taint(Taints.UNREACHABLE, Taints.NO_EXECUTE)));
    harness.awaitCached(Node.class, nodes -> nodes.get(0).getSpec().getTaintsCount() == 1);
    controller.sync(KEY);
    clock.advance(Duration.ofSeconds(59));
    controller.sync(KEY);
    assertThat(deleted()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    controller.sync(KEY);
    assertThat(deleted()).isTrue();
  }

  @Test
  void noExecuteTolerationsAllowTheShortestStay() {
    var taints = java.util.List.of(Taints.taint(Taints.UNREACHABLE, Taints.NO_EXECUTE));
    assertThat(NoExecuteTolerations.allowedStay(taints, java.util.List.of())).contains(Duration.ZERO);
    assertThat(NoExecuteTolerations.allowedStay(taints, java.util.List.of(unreachableFor(-5L)))).contains(Duration.ZERO);
    assertThat(NoExecuteTolerations.allowedStay(taints, java.util.List.of(unreachableFor(null)))).isEmpty();
    assertThat(NoExecuteTolerations.allowedStay(taints,
        java.util.List.of(Toleration.newBuilder().setOperator("Exists").build()))).as("tolerates everything").isEmpty();
  }
}
