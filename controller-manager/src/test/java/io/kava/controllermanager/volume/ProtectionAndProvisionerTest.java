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
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.PersistentVolumeStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.client.storage.StorageNames;
import io.kava.controllermanager.testing.ControllerHarness;
import io.kava.controllermanager.testing.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pvc-protection and pv-protection finalizers, and the local-path provisioner's directory and volume. */
class ProtectionAndProvisionerTest {
  private final ControllerHarness harness = new ControllerHarness();

  @TempDir
  Path root;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static PersistentVolumeClaim terminating(PersistentVolumeClaim claim) {
    return claim.toBuilder().setMetadata(claim.getMetadata().toBuilder().setDeletionTimestamp("2026-12-01T10:00:00Z")
        .addFinalizers(StorageNames.PVC_PROTECTION_FINALIZER)).build();
  }

  private static Pod using(String name, String claim) {
    Pod pod = Workloads.pod(name, Map.of());
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().addVolumes(Volume.newBuilder().setName("data")
        .setPersistentVolumeClaim(PersistentVolumeClaimVolumeSource.newBuilder().setClaimName(claim)))).build();
  }

  @Test
  void aClaimInUseKeepsItsFinalizerUntilThePodIsGone() throws Exception {
    harness.api.seed(terminating(claim("data", "1Gi", "ReadWriteOnce")));
    harness.api.seed(using("app", "data"));
    PvcProtectionController controller = harness.start(PvcProtectionController::new);

    controller.sync(NS + "/data");
    assertThat(harness.stored(PersistentVolumeClaim.class, NS, "data").getMetadata().getFinalizersList())
        .containsExactly(StorageNames.PVC_PROTECTION_FINALIZER);

    harness.client().resource(Pod.class).delete(NS, "app");
    harness.awaitCached(Pod.class, java.util.List::isEmpty);
    controller.sync(NS + "/data");

    assertThat(harness.stored(PersistentVolumeClaim.class, NS, "data").getMetadata().getFinalizersList()).isEmpty();
  }

  @Test
  void aFinishedPodNoLongerUsesTheClaim() throws Exception {
    harness.api.seed(terminating(claim("data", "1Gi", "ReadWriteOnce")));
    harness.api.seed(Workloads.inPhase(using("done", "data"), "Succeeded"));
    PvcProtectionController controller = harness.start(PvcProtectionController::new);

    controller.sync(NS + "/data");

    assertThat(harness.stored(PersistentVolumeClaim.class, NS, "data").getMetadata().getFinalizersList()).isEmpty();
  }

  @Test
  void aBoundVolumeKeepsItsFinalizerAReleasedOneLosesIt() throws Exception {
    PersistentVolume pv = boundTo(volume("pv1", "1Gi", "ReadWriteOnce"), claim("data", "1Gi"), "Retain");
    harness.api.seed(pv.toBuilder().setMetadata(pv.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-12-01T10:00:00Z").addFinalizers(StorageNames.PV_PROTECTION_FINALIZER)).build());
    PvProtectionController controller = harness.start(PvProtectionController::new);

    controller.sync("pv1");
    assertThat(harness.stored(PersistentVolume.class, "", "pv1").getMetadata().getFinalizersList()).hasSize(1);

    PersistentVolume stored = harness.stored(PersistentVolume.class, "", "pv1");
    harness.client().resource(PersistentVolume.class).updateStatus(stored.toBuilder()
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase("Released")).build());
    harness.awaitCached(PersistentVolume.class, l -> l.get(0).getStatus().getPhase().equals("Released"));
    controller.sync("pv1");

    assertThat(harness.stored(PersistentVolume.class, "", "pv1").getMetadata().getFinalizersList()).isEmpty();
  }

  @Test
  void theProvisionerMakesADirectoryAndAVolumeOnTheSelectedNodeThenDeletesBoth() throws Exception {
    harness.api.seed(storageClass("standard", StorageNames.LOCAL_PATH_PROVISIONER, "WaitForFirstConsumer"));
    PersistentVolumeClaim c = withClass(claim("data", "3Gi", "ReadWriteOnce"), "standard");
    harness.api.seed(c.toBuilder().setMetadata(c.getMetadata().toBuilder()
        .putAnnotations(StorageNames.STORAGE_PROVISIONER_ANNOTATION, StorageNames.LOCAL_PATH_PROVISIONER)
        .putAnnotations(StorageNames.SELECTED_NODE_ANNOTATION, "node-2")).build());
    LocalPathProvisioner provisioner = harness.start(client -> new LocalPathProvisioner(client, root));

    provisioner.syncClaim(NS + "/data");

    PersistentVolume pv = harness.stored(PersistentVolume.class, "", "pvc-uid-data");
    Path dir = root.resolve("pvc-uid-data");
    assertThat(dir).isDirectory();
    assertThat(pv.getSpec().getLocal().getPath()).isEqualTo(dir.toString());
    assertThat(pv.getSpec().getCapacityMap()).containsEntry("storage", "3Gi");
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("uid-data");
    assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
    assertThat(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms(0).getMatchExpressions(0).getValuesList())
        .containsExactly("node-2");

    Files.writeString(dir.resolve("file"), "data");
    harness.client().resource(PersistentVolume.class).updateStatus(pv.toBuilder()
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase("Released")).build());
    harness.awaitCached(PersistentVolume.class, l -> !l.isEmpty() && l.get(0).getStatus().getPhase().equals("Released"));
    provisioner.syncVolume("pvc-uid-data");

    assertThat(dir).doesNotExist();
    assertThat(harness.api.writes()).contains("delete persistentvolumes pvc-uid-data");
  }
}
