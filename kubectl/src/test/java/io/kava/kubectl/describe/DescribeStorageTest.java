package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.LocalVolumeSource;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.PersistentVolumeStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeNodeAffinity;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** describe pvc, pv and storageclass, compared with kubectl 1.32's layout for the same objects. */
class DescribeStorageTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void describesABoundClaimAndThePodsUsingIt() {
    api.seed(PersistentVolumeClaim.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("data")
            .putAnnotations("pv.kubernetes.io/bind-completed", "yes").addFinalizers("kubernetes.io/pvc-protection"))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().addAccessModes("ReadWriteOnce").setStorageClassName("standard")
            .setVolumeName("pvc-1").setVolumeMode("Filesystem"))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Bound").addAccessModes("ReadWriteOnce")
            .putCapacity("storage", "1Gi")).build());
    api.seed(Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("writer"))
        .setSpec(PodSpec.newBuilder().addVolumes(Volume.newBuilder().setName("d").setPersistentVolumeClaim(
            PersistentVolumeClaimVolumeSource.newBuilder().setClaimName("data")))).build());

    Result r = cli.run("describe", "pvc", "data");

    assertThat(r.out()).isEqualTo("""
        Name:          data
        Namespace:     default
        StorageClass:  standard
        Status:        Bound
        Volume:        pvc-1
        Labels:        <none>
        Annotations:   pv.kubernetes.io/bind-completed: yes
        Finalizers:    [kubernetes.io/pvc-protection]
        Capacity:      1Gi
        Access Modes:  RWO
        VolumeMode:    Filesystem
        Used By:       writer
        Events:        <none>
        """);
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void describesALocalVolumeWithItsNodeAffinity() {
    api.seed(PersistentVolume.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("pvc-1").addFinalizers("kubernetes.io/pv-protection"))
        .setSpec(PersistentVolumeSpec.newBuilder().putCapacity("storage", "1Gi").addAccessModes("ReadWriteOnce")
            .setClaimRef(ObjectReference.newBuilder().setNamespace("default").setName("data"))
            .setPersistentVolumeReclaimPolicy("Retain").setStorageClassName("standard").setVolumeMode("Filesystem")
            .setNodeAffinity(VolumeNodeAffinity.newBuilder().setRequired(NodeSelector.newBuilder().addNodeSelectorTerms(
                NodeSelectorTerm.newBuilder().addMatchExpressions(NodeSelectorRequirement.newBuilder()
                    .setKey("kubernetes.io/hostname").setOperator("In").addValues("node-1")))))
            .setLocal(LocalVolumeSource.newBuilder().setPath("/var/lib/kava/local-path/pvc-1")))
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase("Released")).build());

    Result r = cli.run("describe", "pv", "pvc-1");

    assertThat(r.out()).isEqualTo("""
        Name:              pvc-1
        Labels:            <none>
        Annotations:       <none>
        Finalizers:        [kubernetes.io/pv-protection]
        StorageClass:      standard
        Status:            Released
        Claim:             default/data
        Reclaim Policy:    Retain
        Access Modes:      RWO
        VolumeMode:        Filesystem
        Capacity:          1Gi
        Node Affinity:    \s
          Required Terms: \s
            Term 0:        kubernetes.io/hostname in [node-1]
        Message:          \s
        Source:
            Type:  LocalVolume (a persistent volume backed by local storage on a node)
            Path:  /var/lib/kava/local-path/pvc-1
        Events:    <none>
        """);
  }

  @Test
  void describesTheDefaultClass() {
    api.seed(StorageClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("standard")
            .putAnnotations("storageclass.kubernetes.io/is-default-class", "true"))
        .setProvisioner("kava.io/local-path").setReclaimPolicy("Delete").setVolumeBindingMode("WaitForFirstConsumer")
        .build());

    Result r = cli.run("describe", "storageclass", "standard");

    assertThat(r.out()).isEqualTo("""
        Name:                  standard
        IsDefaultClass:        Yes
        Annotations:           storageclass.kubernetes.io/is-default-class=true
        Provisioner:           kava.io/local-path
        Parameters:            <none>
        AllowVolumeExpansion:  <unset>
        MountOptions:          <none>
        ReclaimPolicy:         Delete
        VolumeBindingMode:     WaitForFirstConsumer
        Events:                <none>
        """);
  }
}
