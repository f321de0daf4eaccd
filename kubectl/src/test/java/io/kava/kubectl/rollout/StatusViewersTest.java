package io.kava.kubectl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.DaemonSetStatus;
import io.kava.api.apps.v1.DaemonSetUpdateStrategy;
import io.kava.api.apps.v1.RollingUpdateStatefulSetStrategy;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.apps.v1.StatefulSetStatus;
import io.kava.api.apps.v1.StatefulSetUpdateStrategy;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.kubectl.CliException;
import org.junit.jupiter.api.Test;

/** kubectl's StatefulSetStatusViewer and DaemonSetStatusViewer lines. */
class StatusViewersTest {
  private static StatefulSet web(int partition, StatefulSetStatus.Builder status) {
    return StatefulSet.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("web").setGeneration(2))
        .setSpec(StatefulSetSpec.newBuilder().setReplicas(3).setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder()
            .setType("RollingUpdate").setRollingUpdate(RollingUpdateStatefulSetStrategy.newBuilder().setPartition(partition))))
        .setStatus(status.setObservedGeneration(2)).build();
  }

  @Test
  void statefulSetLinesAsKubectl() {
    assertThat(RolloutStatus.of(web(0, StatefulSetStatus.newBuilder().setReadyReplicas(1))).text())
        .isEqualTo("Waiting for 2 pods to be ready...");
    assertThat(RolloutStatus.of(web(0, StatefulSetStatus.newBuilder().setReadyReplicas(3).setUpdatedReplicas(1)
        .setCurrentRevision("web-a").setUpdateRevision("web-b"))).text())
        .isEqualTo("waiting for statefulset rolling update to complete 1 pods at revision web-b...");
    RolloutStatus.Line done = RolloutStatus.of(web(0, StatefulSetStatus.newBuilder().setReadyReplicas(3)
        .setCurrentReplicas(3).setUpdatedReplicas(3).setCurrentRevision("web-b").setUpdateRevision("web-b")));
    assertThat(done.text()).isEqualTo("statefulset rolling update complete 3 pods at revision web-b...");
    assertThat(done.done()).isTrue();
    assertThat(RolloutStatus.of(web(2, StatefulSetStatus.newBuilder().setReadyReplicas(3).setUpdatedReplicas(1)))
        .text()).isEqualTo("partitioned roll out complete: 1 new pods have been updated...");
  }

  @Test
  void daemonSetLinesAsKubectlAndOnDeleteHasNoStatus() {
    DaemonSet ds = DaemonSet.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("agent").setGeneration(1))
        .setSpec(DaemonSetSpec.newBuilder().setUpdateStrategy(DaemonSetUpdateStrategy.newBuilder().setType("RollingUpdate")))
        .setStatus(DaemonSetStatus.newBuilder().setObservedGeneration(1).setDesiredNumberScheduled(3)
            .setUpdatedNumberScheduled(3).setNumberAvailable(2)).build();
    assertThat(RolloutStatus.of(ds).text())
        .isEqualTo("Waiting for daemon set \"agent\" rollout to finish: 2 of 3 updated pods are available...");
    DaemonSet onDelete = ds.toBuilder().setSpec(ds.getSpec().toBuilder()
        .setUpdateStrategy(DaemonSetUpdateStrategy.newBuilder().setType("OnDelete"))).build();
    assertThatThrownBy(() -> RolloutStatus.of(onDelete)).isInstanceOf(CliException.class)
        .hasMessageContaining("rollout status is only available for RollingUpdate strategy type");
  }
}
