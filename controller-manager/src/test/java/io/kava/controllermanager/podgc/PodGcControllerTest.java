package io.kava.controllermanager.podgc;

import static io.kava.controllermanager.testing.Nodes.node;
import static io.kava.controllermanager.testing.Nodes.tainted;
import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.createdAt;
import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.onNode;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.taints.Taints;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.ControllerHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodGcControllerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final ControllerHarness harness = new ControllerHarness();
  private PodGcController gc;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void start(int threshold) throws InterruptedException {
    gc = harness.start(c -> new PodGcController(c, new PodGcConfig(threshold, Duration.ofSeconds(20),
        Duration.ofSeconds(40)), clock));
  }

  private java.util.List<String> deletes() {
    return harness.api.writes().stream().filter(w -> w.startsWith("delete pods")).toList();
  }

  @Test
  void terminatedPodsAboveTheThresholdAreDeletedOldestFirst() throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    for (int i = 0; i < 5; i++) {
      harness.api.seed(createdAt(inPhase(onNode(pod("done-" + i, Map.of()), "node-1"), i % 2 == 0 ? "Succeeded" : "Failed"),
          T0.minusSeconds(100 - i)));
    }
    harness.api.seed(inPhase(onNode(pod("running", Map.of()), "node-1"), "Running"));
    start(3);

    gc.gc();

    assertThat(deletes()).containsExactly("delete pods " + NS + "/done-0", "delete pods " + NS + "/done-1");
  }

  @Test
  void aThresholdOfZeroKeepsEveryTerminatedPod() throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    harness.api.seed(inPhase(onNode(pod("done", Map.of()), "node-1"), "Succeeded"));
    start(0);
    gc.gc();
    assertThat(deletes()).isEmpty();
  }

  @Test
  void podsOfAMissingNodeAreDeletedAfterTheQuarantine() throws Exception {
    harness.api.seed(node("node-1", "True", T0));
    harness.api.seed(inPhase(onNode(pod("orphan", Map.of()), "gone"), "Running"));
    harness.api.seed(inPhase(onNode(pod("kept", Map.of()), "node-1"), "Running"));
    start(12_500);

    gc.gc();
    clock.advance(Duration.ofSeconds(39));
    gc.gc();
    assertThat(deletes()).as("still in quarantine").isEmpty();

    clock.advance(Duration.ofSeconds(1));
    gc.gc();
    assertThat(deletes()).containsExactly("delete pods " + NS + "/orphan");
  }

  @Test
  void aNodeTheCacheHasNotSeenYetKeepsItsPods() throws Exception {
    harness.api.seed(inPhase(onNode(pod("young", Map.of()), "node-new"), "Running"));
    start(12_500);
    // Created in the API after the cache looked: the API server's answer wins.
    harness.client().resource(io.kava.api.core.v1.Node.class).create(node("node-new", "True", T0));
    gc.gc();
    clock.advance(Duration.ofSeconds(60));
    gc.gc();
    assertThat(deletes().stream().filter(d -> d.endsWith("/young"))).isEmpty();
  }

  @Test
  void terminatingPodsNeverScheduledAndOnOutOfServiceNodesAreForceDeleted() throws Exception {
    harness.api.seed(tainted(node("node-1", "Unknown", T0), Taints.taint(Taints.OUT_OF_SERVICE, Taints.NO_EXECUTE)));
    harness.api.seed(node("node-2", "Unknown", T0));
    harness.api.seed(terminating(pod("unscheduled", Map.of())));
    harness.api.seed(terminating(inPhase(onNode(pod("out-of-service", Map.of()), "node-1"), "Running")));
    harness.api.seed(terminating(inPhase(onNode(pod("just-not-ready", Map.of()), "node-2"), "Running")));
    start(12_500);

    gc.gc();

    assertThat(deletes()).containsExactlyInAnyOrder("delete pods " + NS + "/unscheduled", "delete pods " + NS + "/out-of-service");
  }
}
