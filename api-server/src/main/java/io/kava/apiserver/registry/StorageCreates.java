package io.kava.apiserver.registry;

import static io.kava.client.storage.StorageNames.CLAIM_PENDING;
import static io.kava.client.storage.StorageNames.PVC_PROTECTION_FINALIZER;
import static io.kava.client.storage.StorageNames.PV_PROTECTION_FINALIZER;
import static io.kava.client.storage.StorageNames.VOLUME_PENDING;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeStatus;
import io.kava.api.meta.v1.ObjectMeta;

/**
 * What a new claim or volume gets from the server: a Pending status (whatever the client sent) and the
 * protection finalizer upstream's StorageObjectInUseProtection admission adds.
 */
final class StorageCreates {
  private StorageCreates() {}

  static PersistentVolumeClaim claim(PersistentVolumeClaim pvc) {
    return pvc.toBuilder()
        .setMetadata(withFinalizer(pvc.getMetadata(), PVC_PROTECTION_FINALIZER))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase(CLAIM_PENDING))
        .build();
  }

  static PersistentVolume volume(PersistentVolume pv) {
    return pv.toBuilder()
        .setMetadata(withFinalizer(pv.getMetadata(), PV_PROTECTION_FINALIZER))
        .setStatus(PersistentVolumeStatus.newBuilder().setPhase(VOLUME_PENDING))
        .build();
  }

  private static ObjectMeta withFinalizer(ObjectMeta meta, String finalizer) {
    return meta.getFinalizersList().contains(finalizer) ? meta : meta.toBuilder().addFinalizers(finalizer).build();
  }
}
