package io.kava.controllermanager.volume;

import static io.kava.controllermanager.volume.Volumes.NS;
import static io.kava.controllermanager.volume.Volumes.boundTo;
import static io.kava.controllermanager.volume.Volumes.claim;
import static io.kava.controllermanager.volume.Volumes.storageClass;
import static io.kava.controllermanager.volume.Volumes.volume;
import static io.kava.controllermanager.volume.Volumes.withClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.client.storage.StorageNames;
import io.kava.controllermanager.testing.ControllerHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binder's cases of upstream's binder_test: best match, pre-bound claims and volumes, release and reclaim. */
class PersistentVolumeControllerTest {
  private final ControllerHarness harness = new ControllerHarness();
  private PersistentVolumeController controller;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void start() throws InterruptedException {
    controller = harness.start(PersistentVolumeController::new);
  }

  private PersistentVolumeClaim storedClaim(String name) {
    return harness.stored(PersistentVolumeClaim.class, NS, name);
  }

  private PersistentVolume storedVolume(String name) {
    return harness.stored(PersistentVolume.class, "", name);
  }

  @Test
  void aPendingClaimBindsToTheSmallestVolumeThatFits() throws Exception {
    harness.api.seed(volume("small", "1Gi", "ReadWriteOnce"));
    harness.api.seed(volume("rwx-only", "3Gi", "ReadWriteMany"));
    harness.api.seed(volume("big", "10Gi", "ReadWriteOnce"));
    harness.api.seed(volume("fits", "5Gi", "ReadWriteOnce", "ReadOnlyMany"));
    harness.api.seed(claim("data", "2Gi", "ReadWriteOnce"));
    start();

    controller.syncClaim(NS + "/data");

    PersistentVolumeClaim pvc = storedClaim("data");
    PersistentVolume pv = storedVolume("fits");
    assertThat(pvc.getSpec().getVolumeName()).isEqualTo("fits");
    assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(pvc.getStatus().getCapacityMap()).containsEntry("storage", "5Gi");
    assertThat(pvc.getStatus().getAccessModesList()).containsExactly("ReadWriteOnce", "ReadOnlyMany");
    assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("data");
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("uid-data");
    assertThat(pv.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(pv.getMetadata().getAnnotationsMap()).containsKey(StorageNames.BOUND_BY_CONTROLLER_ANNOTATION);
    assertThat(storedVolume("big").getSpec().hasClaimRef()).isFalse();
  }

  @Test
  void aSecondSyncOfABoundClaimWritesNothing() throws Exception {
    harness.api.seed(volume("fits", "5Gi", "ReadWriteOnce"));
    harness.api.seed(claim("data", "2Gi", "ReadWriteOnce"));
    start();
    controller.syncClaim(NS + "/data");
    harness.awaitCached(PersistentVolumeClaim.class, l -> l.stream().anyMatch(c -> c.getStatus().getPhase().equals("Bound")));
    harness.awaitCached(PersistentVolume.class, l -> l.stream().anyMatch(v -> v.getStatus().getPhase().equals("Bound")));
    int writes = harness.api.writes().size();

    controller.syncClaim(NS + "/data");
    controller.syncVolume("fits");

    assertThat(harness.api.writes()).hasSize(writes);
  }

  @Test
  void classSelectorAndVolumeModeMustMatch() throws Exception {
    harness.api.seed(volume("classless", "5Gi", "ReadWriteOnce"));
    PersistentVolume fast = volume("fast-unlabelled", "5Gi", "ReadWriteOnce");
    harness.api.seed(fast.toBuilder().setSpec(fast.getSpec().toBuilder().setStorageClassName("fast")).build());
    PersistentVolume block = volume("fast-block", "5Gi", "ReadWriteOnce");
    harness.api.seed(block.toBuilder().setMetadata(block.getMetadata().toBuilder().putLabels("tier", "gold"))
        .setSpec(block.getSpec().toBuilder().setStorageClassName("fast").setVolumeMode("Block")).build());
    PersistentVolume gold = volume("fast-gold", "8Gi", "ReadWriteOnce");
    harness.api.seed(gold.toBuilder().setMetadata(gold.getMetadata().toBuilder().putLabels("tier", "gold"))
        .setSpec(gold.getSpec().toBuilder().setStorageClassName("fast")).build());
    PersistentVolumeClaim c = withClass(claim("data", "1Gi", "ReadWriteOnce"), "fast");
    harness.api.seed(c.toBuilder().setSpec(c.getSpec().toBuilder()
        .setSelector(LabelSelector.newBuilder().putMatchLabels("tier", "gold"))).build());
    start();

    controller.syncClaim(NS + "/data");

    assertThat(storedClaim("data").getSpec().getVolumeName()).isEqualTo("fast-gold");
  }

  @Test
  void noMatchLeavesTheClaimPendingAndWritesNoVolume() throws Exception {
    harness.api.seed(volume("small", "1Gi", "ReadWriteOnce"));
    harness.api.seed(claim("data", "2Gi", "ReadWriteOnce"));
    start();

    controller.syncClaim(NS + "/data");

    assertThat(storedClaim("data").getSpec().getVolumeName()).isEmpty();
    assertThat(storedClaim("data").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(harness.api.writes()).noneMatch(w -> w.contains("persistentvolumes"));
  }

  @Test
  void aClaimNamingAVolumeBindsToIt() throws Exception {
    harness.api.seed(volume("smallest", "2Gi", "ReadWriteOnce"));
    harness.api.seed(volume("chosen", "9Gi", "ReadWriteOnce"));
    PersistentVolumeClaim c = claim("data", "2Gi", "ReadWriteOnce");
    harness.api.seed(c.toBuilder().setSpec(c.getSpec().toBuilder().setVolumeName("chosen")).build());
    start();

    controller.syncClaim(NS + "/data");

    assertThat(storedVolume("chosen").getSpec().getClaimRef().getName()).isEqualTo("data");
    assertThat(storedClaim("data").getStatus().getPhase()).isEqualTo("Bound");
    assertThat(storedVolume("smallest").getSpec().hasClaimRef()).isFalse();
  }

  @Test
  void aVolumePreBoundToAClaimWinsOverASmallerOne() throws Exception {
    harness.api.seed(volume("smallest", "2Gi", "ReadWriteOnce"));
    PersistentVolume reserved = volume("reserved", "9Gi", "ReadWriteOnce");
    harness.api.seed(reserved.toBuilder().setSpec(reserved.getSpec().toBuilder()
        .setClaimRef(io.kava.api.core.v1.ObjectReference.newBuilder().setNamespace(NS).setName("data"))).build());
    harness.api.seed(claim("data", "2Gi", "ReadWriteOnce"));
    start();

    controller.syncClaim(NS + "/data");

    assertThat(storedClaim("data").getSpec().getVolumeName()).isEqualTo("reserved");
  }

  @Test
  void aDeletedClaimReleasesARetainVolumeAndKeepsIt() throws Exception {
    harness.api.seed(boundTo(volume("kept", "1Gi", "ReadWriteOnce"), claim("gone", "1Gi"), "Retain"));
    start();

    controller.syncVolume("kept");

    assertThat(storedVolume("kept").getStatus().getPhase()).isEqualTo("Released");
    assertThat(harness.api.writes()).doesNotContain("delete persistentvolumes kept");
  }

  @Test
  void aDeletedClaimsDeleteVolumeIsDeleted() throws Exception {
    harness.api.seed(boundTo(volume("dropped", "1Gi", "ReadWriteOnce"), claim("gone", "1Gi"), "Delete"));
    start();

    controller.syncVolume("dropped");

    assertThat(harness.api.writes()).contains("delete persistentvolumes dropped");
  }

  @Test
  void aWaitForFirstConsumerClaimWaitsForItsNodeThenAsksTheProvisioner() throws Exception {
    harness.api.seed(storageClass("standard", StorageNames.LOCAL_PATH_PROVISIONER, "WaitForFirstConsumer"));
    harness.api.seed(withClass(claim("data", "1Gi", "ReadWriteOnce"), "standard"));
    start();

    controller.syncClaim(NS + "/data");
    assertThat(storedClaim("data").getMetadata().getAnnotationsMap())
        .doesNotContainKey(StorageNames.STORAGE_PROVISIONER_ANNOTATION);

    PersistentVolumeClaim c = storedClaim("data");
    harness.client().resource(PersistentVolumeClaim.class).update(c.toBuilder().setMetadata(c.getMetadata().toBuilder()
        .putAnnotations(StorageNames.SELECTED_NODE_ANNOTATION, "node-1")).build());
    harness.awaitCached(PersistentVolumeClaim.class, l -> l.stream()
        .anyMatch(p -> p.getMetadata().containsAnnotations(StorageNames.SELECTED_NODE_ANNOTATION)));
    controller.syncClaim(NS + "/data");

    assertThat(storedClaim("data").getMetadata().getAnnotationsMap())
        .containsEntry(StorageNames.STORAGE_PROVISIONER_ANNOTATION, StorageNames.LOCAL_PATH_PROVISIONER);
  }
}
