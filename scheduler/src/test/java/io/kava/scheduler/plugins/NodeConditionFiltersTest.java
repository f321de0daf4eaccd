package io.kava.scheduler.plugins;

import static io.kava.scheduler.TestObjects.cordoned;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.toleration;
import static io.kava.scheduler.TestObjects.tolerating;
import static io.kava.scheduler.TestObjects.withReady;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NodeReady and NodeUnschedulable: the node's own state, whatever the pod asks for. */
class NodeConditionFiltersTest {
  private final NodeReady ready = new NodeReady();
  private final NodeUnschedulable unschedulable = new NodeUnschedulable();

  @Test
  void onlyReadyNodesPass() {
    assertThat(ready.filter(pod("p"), info(node("n1"))).isSuccess()).isTrue();
    assertThat(ready.filter(pod("p"), info(withReady(node("n1"), "False"))).reasons())
        .containsExactly("node(s) were not ready");
    assertThat(ready.filter(pod("p"), info(withReady(node("n1"), "Unknown"))).reasons())
        .containsExactly("node(s) were not ready");
    var noConditions = node("n1").toBuilder().setStatus(node("n1").getStatus().toBuilder().clearConditions()).build();
    assertThat(ready.filter(pod("p"), info(noConditions)).isSuccess()).isFalse();
  }

  @Test
  void cordonedNodesAreSkipped() {
    assertThat(unschedulable.filter(pod("p"), info(node("n1"))).isSuccess()).isTrue();
    assertThat(unschedulable.filter(pod("p"), info(cordoned(node("n1")))).reasons())
        .containsExactly("node(s) were unschedulable");
  }

  @Test
  void aPodToleratingTheUnschedulableTaintMayUseACordonedNode() {
    var tolerant = tolerating(pod("p"), toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoSchedule"));
    var wrongEffect = tolerating(pod("p"), toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoExecute"));

    assertThat(unschedulable.filter(tolerant, info(cordoned(node("n1")))).isSuccess()).isTrue();
    assertThat(unschedulable.filter(wrongEffect, info(cordoned(node("n1")))).isSuccess()).isFalse();
  }
}
