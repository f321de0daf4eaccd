package io.kava.scheduler;

import static io.kava.scheduler.TestObjects.cordoned;
import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.tainted;
import static io.kava.scheduler.TestObjects.withReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import org.junit.jupiter.api.Test;

/** Which watch events may let a parked pod fit, and which are noise. */
class PodAndNodeChangesTest {
  @Test
  void heartbeatsAreNotSchedulingChanges() {
    Node node = node("a");
    Node heartbeat = node.toBuilder().setStatus(node.getStatus().toBuilder().setConditions(0,
        NodeCondition.newBuilder(node.getStatus().getConditions(0)).setLastHeartbeatTime("2026-11-25T22:00:10Z")))
        .setMetadata(node.getMetadata().toBuilder().setResourceVersion("99")).build();

    assertThat(Nodes.schedulingPropertiesChanged(node, heartbeat)).isFalse();
  }

  @Test
  void schedulingPropertiesAreChanges() {
    Node node = node("a");

    assertThat(Nodes.schedulingPropertiesChanged(node, cordoned(node))).isTrue();
    assertThat(Nodes.schedulingPropertiesChanged(node, tainted(node, "k", "v", "NoSchedule"))).isTrue();
    assertThat(Nodes.schedulingPropertiesChanged(node, labeled(node, "disktype", "ssd"))).isTrue();
    assertThat(Nodes.schedulingPropertiesChanged(node, node("a", "8", "8Gi", 110))).isTrue();
    assertThat(Nodes.schedulingPropertiesChanged(node, withReady(node, "False"))).isTrue();
  }

  @Test
  void aStatusOnlyUpdateOfAPodIsNotAReasonToRetry() {
    Pod pod = pod("p");
    Pod statusWritten = pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().setResourceVersion("7"))
        .setStatus(pod.getStatus().toBuilder().addConditions(PodCondition.newBuilder().setType("PodScheduled")))
        .build();
    Pod relabeled = pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().putLabels("tier", "web")).build();

    assertThat(Pods.onlyStatusChanged(pod, statusWritten)).isTrue();
    assertThat(Pods.onlyStatusChanged(pod, relabeled)).isFalse();
  }

  @Test
  void onlyLivingUnassignedPodsForThisSchedulerNeedScheduling() {
    Pod pod = pod("p");

    assertThat(Pods.needsScheduling(pod, "default-scheduler")).isTrue();
    assertThat(Pods.needsScheduling(TestObjects.boundTo(pod, "a"), "default-scheduler")).isFalse();
    assertThat(Pods.needsScheduling(TestObjects.withPhase(pod, "Failed"), "default-scheduler")).isFalse();
    assertThat(Pods.needsScheduling(pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T22:00:00Z")).build(), "default-scheduler")).isFalse();
    assertThat(Pods.needsScheduling(pod.toBuilder().setSpec(pod.getSpec().toBuilder()
        .setSchedulerName("other")).build(), "default-scheduler")).isFalse();
  }
}
