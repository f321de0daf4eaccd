package io.kava.kubectl.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.PersistentVolumeStatus;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.Objects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `get pvc`, `get pv`, `get sc` as kubectl 1.32 prints them. */
class StorageTablesTest {
  private static String table(Kind kind, Message... objects) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TablePrinter(kind, false, false, false).print(List.of(objects), CliRun.NOW,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void claims() {
    PersistentVolumeClaim bound = PersistentVolumeClaim.newBuilder().setMetadata(Objects.meta("default", "data", Duration.ofMinutes(5)))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().setVolumeName("pvc-1").setStorageClassName("standard"))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Bound").putCapacity("storage", "1Gi")
            .addAccessModes("ReadWriteOnce")).build();
    PersistentVolumeClaim pending = PersistentVolumeClaim.newBuilder().setMetadata(Objects.meta("default", "wait", Duration.ofSeconds(7)))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().setStorageClassName("standard"))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Pending")).build();

    assertThat(table(Kinds.PERSISTENT_VOLUME_CLAIM, bound, pending)).isEqualTo(
        "NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
      + "data   Bound     pvc-1    1Gi        RWO            standard       <unset>                 5m\n"
      + "wait   Pending                                      standard       <unset>                 7s\n");
  }

  @Test
  void volumes() {
    PersistentVolume pv = PersistentVolume.newBuilder().setMetadata(Objects.meta("", "pv1", Duration.ofMinutes(5)))
        .setSpec(PersistentVolumeSpec.newBuilder().putCapacity("storage", "5Gi").addAccessModes("ReadWriteMany")
            .addAccessModes("ReadWriteOnce").setPersistentVolumeReclaimPolicy("Retain")
            .setClaimRef(ObjectReference.newBuilder().setNamespace("default").setName("data")))
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase("Bound")).build();

    assertThat(table(Kinds.PERSISTENT_VOLUME, pv)).isEqualTo(
        "NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
      + "pv1    5Gi        RWO,RWX        Retain           Bound    default/data                  <unset>                          5m\n");
  }

  @Test
  void theDefaultClassSaysSo() {
    StorageClass sc = StorageClass.newBuilder().setMetadata(Objects.meta("", "standard", Duration.ofHours(2))
        .putAnnotations("storageclass.kubernetes.io/is-default-class", "true"))
        .setProvisioner("kava.io/local-path").setReclaimPolicy("Delete").setVolumeBindingMode("WaitForFirstConsumer").build();

    assertThat(table(Kinds.STORAGE_CLASS, sc)).isEqualTo(
        "NAME                 PROVISIONER          RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"
      + "standard (default)   kava.io/local-path   Delete          WaitForFirstConsumer   false                  120m\n");
  }
}
