package io.kava.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.LocalVolumeSource;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.storage.StorageNames;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PersistentVolumeClaim, PersistentVolume and StorageClass through the API: defaults, field errors,
 * finalizers. One API server for the class (each test uses its own names).
 */
class StorageStrategyTest {
  private static InProcessApi api;

  @BeforeAll
  static void start() {
    api = new InProcessApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void assertNotStored(Class<? extends com.google.protobuf.Message> type, String namespace, String name) {
    assertThatThrownBy(() -> api.client.resource(type).get(namespace, name))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  static PersistentVolumeClaim claim(String name, String size, String... modes) {
    return PersistentVolumeClaim.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().addAllAccessModes(List.of(modes))
            .setResources(ResourceRequirements.newBuilder().putRequests("storage", size)))
        .build();
  }

  static PersistentVolume hostPathVolume(String name, String size) {
    return PersistentVolume.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(PersistentVolumeSpec.newBuilder().putCapacity("storage", size).addAccessModes("ReadWriteOnce")
            .setHostPath(HostPathVolumeSource.newBuilder().setPath("/tmp/" + name)))
        .build();
  }

  @Test
  void theStandardClassExistsAndIsTheDefault() {
    StorageClass sc = api.client.resource(StorageClass.class).get("", "standard");

    assertThat(sc.getProvisioner()).isEqualTo("kava.io/local-path");
    assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
    assertThat(sc.getMetadata().getAnnotationsMap()).containsEntry(StorageNames.DEFAULT_CLASS_ANNOTATION, "true");
  }

  @Test
  void aNewClaimIsPendingWithDefaultsTheDefaultClassAndTheProtectionFinalizer() {
    PersistentVolumeClaim sent = claim("defaulted", "1Gi", "ReadWriteOnce").toBuilder()
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Bound")).build();

    PersistentVolumeClaim pvc = api.client.resource(PersistentVolumeClaim.class).create(sent);

    assertThat(pvc.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pvc.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(pvc.getMetadata().getFinalizersList()).containsExactly("kubernetes.io/pvc-protection");
  }

  @Test
  void anEmptyClassNameStaysEmpty() {
    PersistentVolumeClaim sent = claim("classless", "1Gi", "ReadWriteOnce");
    sent = sent.toBuilder().setSpec(sent.getSpec().toBuilder().setStorageClassName("")).build();

    PersistentVolumeClaim pvc = api.client.resource(PersistentVolumeClaim.class).create(sent);

    assertThat(pvc.getSpec().hasStorageClassName()).isTrue();
    assertThat(pvc.getSpec().getStorageClassName()).isEmpty();
  }

  @Test
  void anUnknownAccessModeIsAFieldErrorAndNothingIsStored() {
    assertThatThrownBy(() -> api.client.resource(PersistentVolumeClaim.class).create(claim("bad", "1Gi", "ReadWriteSometimes")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("spec.accessModes[0]: Unsupported value: \"ReadWriteSometimes\"");

    assertNotStored(PersistentVolumeClaim.class, "default", "bad");
  }

  @Test
  void aClaimNeedsAccessModesAndAValidStorageRequest() {
    assertThatThrownBy(() -> api.client.resource(PersistentVolumeClaim.class).create(claim("bad-size", "lots")))
        .hasMessageContaining("spec.accessModes: Required value")
        .hasMessageContaining("spec.resources[storage]: Invalid value: \"lots\"");
  }

  @Test
  void aClaimSpecIsImmutableButItsStorageRequestMayGrow() {
    var claims = api.client.resource(PersistentVolumeClaim.class);
    PersistentVolumeClaim pvc = claims.create(claim("grows", "1Gi", "ReadWriteOnce"));

    PersistentVolumeClaim grown = claims.update(pvc.toBuilder().setSpec(pvc.getSpec().toBuilder()
        .setResources(ResourceRequirements.newBuilder().putRequests("storage", "2Gi"))).build());
    assertThat(grown.getSpec().getResources().getRequestsMap()).containsEntry("storage", "2Gi");

    assertThatThrownBy(() -> claims.update(grown.toBuilder().setSpec(grown.getSpec().toBuilder()
        .clearAccessModes().addAccessModes("ReadWriteMany")).build()))
        .hasMessageContaining("spec: Forbidden: spec is immutable after creation");
    assertThatThrownBy(() -> claims.update(grown.toBuilder().setSpec(grown.getSpec().toBuilder()
        .setResources(ResourceRequirements.newBuilder().putRequests("storage", "1Gi"))).build()))
        .hasMessageContaining("spec.resources.requests.storage: Forbidden: field can not be less than previous value");
  }

  @Test
  void theStatusSubresourceKeepsTheStatus() {
    var claims = api.client.resource(PersistentVolumeClaim.class);
    PersistentVolumeClaim pvc = claims.create(claim("with-status", "1Gi", "ReadWriteOnce"));

    claims.updateStatus(pvc.toBuilder().setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Bound")
        .putCapacity("storage", "1Gi")).build());

    assertThat(claims.get("default", "with-status").getStatus().getPhase()).isEqualTo("Bound");
  }

  @Test
  void aVolumeGetsRetainFilesystemPendingAndItsFinalizer() {
    PersistentVolume pv = api.client.resource(PersistentVolume.class).create(hostPathVolume("pv1", "5Gi"));

    assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(pv.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pv.getMetadata().getFinalizersList()).containsExactly("kubernetes.io/pv-protection");
  }

  @Test
  void aProvisionedVolumeDefaultsToDelete() {
    PersistentVolume sent = hostPathVolume("provisioned", "5Gi");
    sent = sent.toBuilder().setMetadata(sent.getMetadata().toBuilder()
        .putAnnotations(StorageNames.PROVISIONED_BY_ANNOTATION, "kava.io/local-path")).build();

    assertThat(api.client.resource(PersistentVolume.class).create(sent).getSpec().getPersistentVolumeReclaimPolicy())
        .isEqualTo("Delete");
  }

  @Test
  void aVolumeNeedsCapacityAndExactlyOneSource() {
    PersistentVolume pv = hostPathVolume("bad-pv", "5Gi");
    PersistentVolume none = pv.toBuilder().setSpec(pv.getSpec().toBuilder().clearHostPath().clearCapacity()).build();
    PersistentVolume two = pv.toBuilder().setSpec(pv.getSpec().toBuilder()
        .setLocal(LocalVolumeSource.newBuilder().setPath("/x"))).build();

    assertThatThrownBy(() -> api.client.resource(PersistentVolume.class).create(none))
        .hasMessageContaining("spec.capacity: Required value")
        .hasMessageContaining("spec: Required value: must specify a volume type");
    assertThatThrownBy(() -> api.client.resource(PersistentVolume.class).create(two))
        .hasMessageContaining("spec: Forbidden: may not specify more than 1 volume type");
    assertNotStored(PersistentVolume.class, "", "bad-pv");
  }

  @Test
  void aStorageClassNeedsAProvisionerAndAKnownBindingMode() {
    StorageClass bad = StorageClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("fast"))
        .setVolumeBindingMode("Later").build();

    assertThatThrownBy(() -> api.client.resource(StorageClass.class).create(bad))
        .hasMessageContaining("provisioner: Required value")
        .hasMessageContaining("volumeBindingMode: Unsupported value: \"Later\"");
  }
}
