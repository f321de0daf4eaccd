package io.kava.controllermanager.volume;

import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.PersistentVolumeStatus;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import java.util.List;

/** Claims, volumes and classes for the volume controllers' tests, as upstream's binder test fixtures. */
final class Volumes {
  static final String NS = "default";

  private Volumes() {}

  static PersistentVolumeClaim claim(String name, String size, String... modes) {
    return PersistentVolumeClaim.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName(name).setUid("uid-" + name))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().addAllAccessModes(List.of(modes)).setStorageClassName("")
            .setVolumeMode("Filesystem")
            .setResources(ResourceRequirements.newBuilder().putRequests("storage", size)))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Pending"))
        .build();
  }

  static PersistentVolumeClaim withClass(PersistentVolumeClaim claim, String sc) {
    return claim.toBuilder().setSpec(claim.getSpec().toBuilder().setStorageClassName(sc)).build();
  }

  static PersistentVolume volume(String name, String size, String... modes) {
    return PersistentVolume.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(PersistentVolumeSpec.newBuilder().putCapacity("storage", size).addAllAccessModes(List.of(modes))
            .setVolumeMode("Filesystem").setPersistentVolumeReclaimPolicy("Retain")
            .setHostPath(HostPathVolumeSource.newBuilder().setPath("/tmp/" + name)))
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase("Available"))
        .build();
  }

  static PersistentVolume boundTo(PersistentVolume pv, PersistentVolumeClaim claim, String policy) {
    return pv.toBuilder()
        .setSpec(pv.getSpec().toBuilder().setPersistentVolumeReclaimPolicy(policy)
            .setClaimRef(ObjectReference.newBuilder().setNamespace(NS).setName(claim.getMetadata().getName())
                .setUid(claim.getMetadata().getUid())))
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase("Bound"))
        .build();
  }

  static StorageClass storageClass(String name, String provisioner, String mode) {
    return StorageClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).setProvisioner(provisioner)
        .setVolumeBindingMode(mode).setReclaimPolicy("Delete").build();
  }
}
