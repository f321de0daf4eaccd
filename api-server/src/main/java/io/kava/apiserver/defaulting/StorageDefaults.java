package io.kava.apiserver.defaulting;

import static io.kava.client.storage.StorageNames.DELETE;
import static io.kava.client.storage.StorageNames.FILESYSTEM;
import static io.kava.client.storage.StorageNames.IMMEDIATE;
import static io.kava.client.storage.StorageNames.PROVISIONED_BY_ANNOTATION;
import static io.kava.client.storage.StorageNames.RETAIN;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.storage.v1.StorageClass;

/** Upstream's defaults of PersistentVolumeClaim, PersistentVolume and StorageClass. */
public final class StorageDefaults {
  private StorageDefaults() {}

  /** volumeMode Filesystem. */
  public static PersistentVolumeClaim claim(PersistentVolumeClaim pvc) {
    if (pvc.getSpec().hasVolumeMode()) {
      return pvc;
    }
    return pvc.toBuilder().setSpec(pvc.getSpec().toBuilder().setVolumeMode(FILESYSTEM)).build();
  }

  /** volumeMode Filesystem; reclaim policy Retain, or Delete for a volume a provisioner made. */
  public static PersistentVolume volume(PersistentVolume pv) {
    var spec = pv.getSpec().toBuilder();
    if (!spec.hasVolumeMode()) {
      spec.setVolumeMode(FILESYSTEM);
    }
    if (spec.getPersistentVolumeReclaimPolicy().isEmpty()) {
      boolean provisioned = pv.getMetadata().containsAnnotations(PROVISIONED_BY_ANNOTATION);
      spec.setPersistentVolumeReclaimPolicy(provisioned ? DELETE : RETAIN);
    }
    return pv.toBuilder().setSpec(spec).build();
  }

  /** reclaimPolicy Delete, volumeBindingMode Immediate. */
  public static StorageClass storageClass(StorageClass sc) {
    StorageClass.Builder b = sc.toBuilder();
    if (!b.hasReclaimPolicy()) {
      b.setReclaimPolicy(DELETE);
    }
    if (!b.hasVolumeBindingMode()) {
      b.setVolumeBindingMode(IMMEDIATE);
    }
    return b.build();
  }
}
