package io.kava.kubectl.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.EmptyDirVolumeSource;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.kubectl.generate.DryRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodFiltersTest {
  static final DrainFlags STRICT = flags(false, false, false);

  static DrainFlags flags(boolean force, boolean ignoreDaemonSets, boolean deleteEmptyDir) {
    return new DrainFlags(force, ignoreDaemonSets, deleteEmptyDir, -1, Duration.ZERO, null, false, DryRun.NONE);
  }

  static Pod pod(String name, String ownerKind) {
    ObjectMeta.Builder meta = ObjectMeta.newBuilder().setNamespace("default").setName(name);
    if (ownerKind != null) {
      meta.addOwnerReferences(OwnerReference.newBuilder().setKind(ownerKind).setName("owner").setController(true));
    }
    return Pod.newBuilder().setMetadata(meta).setStatus(PodStatus.newBuilder().setPhase("Running")).build();
  }

  static Pod withEmptyDir(Pod pod) {
    return pod.toBuilder().setSpec(PodSpec.newBuilder()
        .addVolumes(Volume.newBuilder().setName("scratch").setEmptyDir(EmptyDirVolumeSource.getDefaultInstance()))).build();
  }

  static Pod finished(Pod pod) {
    return pod.toBuilder().setStatus(PodStatus.newBuilder().setPhase("Succeeded")).build();
  }

  @Test
  void replicaSetPodsGo() {
    PodFilters.PodDeleteList list = PodFilters.filter(List.of(pod("a", "ReplicaSet")), STRICT);
    assertThat(list.toDelete()).extracting(p -> p.getMetadata().getName()).containsExactly("a");
    assertThat(list.errors()).isEmpty();
    assertThat(list.warnings()).isEmpty();
  }

  @Test
  void withoutFlagsUnmanagedEmptyDirAndDaemonSetPodsAreKubectlsErrors() {
    PodFilters.PodDeleteList list = PodFilters.filter(List.of(pod("bare", null), pod("bare2", null),
        withEmptyDir(pod("scratch", "ReplicaSet")), pod("ds", "DaemonSet"), pod("ok", "ReplicaSet")), STRICT);
    assertThat(list.errors()).containsExactly(
        "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds",
        "cannot delete Pods declare no controller (use --force to override): default/bare, default/bare2",
        "cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch");
  }

  @Test
  void theFlagsTurnErrorsIntoWarningsAndDaemonSetPodsStay() {
    PodFilters.PodDeleteList list = PodFilters.filter(List.of(pod("bare", null),
        withEmptyDir(pod("scratch", "ReplicaSet")), pod("ds", "DaemonSet")), flags(true, true, true));
    assertThat(list.errors()).isEmpty();
    assertThat(list.toDelete()).extracting(p -> p.getMetadata().getName()).containsExactly("bare", "scratch");
    // As kubectl: the emptyDir warning is overwritten by the later filters' verdict.
    assertThat(list.warnings())
        .isEqualTo("deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: default/ds");
  }

  @Test
  void finishedPodsAlwaysGoAndMirrorPodsNever() {
    Pod mirror = pod("static", null);
    mirror = mirror.toBuilder().setMetadata(mirror.getMetadata().toBuilder()
        .putAnnotations("kubernetes.io/config.mirror", "x")).build();
    PodFilters.PodDeleteList list = PodFilters.filter(List.of(finished(pod("done", null)),
        finished(withEmptyDir(pod("done-scratch", null))), finished(pod("done-ds", "DaemonSet")), mirror), STRICT);
    assertThat(list.errors()).isEmpty();
    assertThat(list.toDelete()).extracting(p -> p.getMetadata().getName()).containsExactly("done", "done-scratch", "done-ds");
  }
}
