package io.kava.kubectl.print;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.storage.StorageNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rows of `get pvc`, `get pv` and `get sc`, as kubectl 1.32 prints them. */
public final class StorageColumns {
  static final List<String> CLAIM_HEADERS = List.of("NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES",
      "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE");
  static final List<String> VOLUME_HEADERS = List.of("NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS",
      "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE");
  static final List<String> CLASS_HEADERS = List.of("NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE",
      "ALLOWVOLUMEEXPANSION", "AGE");
  static final List<String> VOLUME_MODE = List.of("VOLUMEMODE");
  private static final String UNSET = "<unset>";

  private StorageColumns() {}

  static List<String> claim(PersistentVolumeClaim pvc, Instant now) {
    String phase = pvc.getMetadata().getDeletionTimestamp().isEmpty() ? pvc.getStatus().getPhase() : "Terminating";
    boolean bound = !pvc.getSpec().getVolumeName().isEmpty();
    return List.of(KindTables.name(pvc), phase, pvc.getSpec().getVolumeName(),
        bound ? pvc.getStatus().getCapacityOrDefault("storage", "") : "",
        bound ? accessModes(pvc.getStatus().getAccessModesList()) : "",
        pvc.getSpec().getStorageClassName(), UNSET, KindTables.age(pvc, now));
  }

  static List<String> claimWide(PersistentVolumeClaim pvc, Instant now) {
    return List.of(pvc.getSpec().hasVolumeMode() ? pvc.getSpec().getVolumeMode() : StorageNames.FILESYSTEM);
  }

  static List<String> volume(PersistentVolume pv, Instant now) {
    var ref = pv.getSpec().getClaimRef();
    String claim = ref.getName().isEmpty() ? "" : ref.getNamespace() + "/" + ref.getName();
    String phase = pv.getMetadata().getDeletionTimestamp().isEmpty() ? pv.getStatus().getPhase() : "Terminating";
    return List.of(KindTables.name(pv), pv.getSpec().getCapacityOrDefault("storage", ""),
        accessModes(pv.getSpec().getAccessModesList()), pv.getSpec().getPersistentVolumeReclaimPolicy(), phase, claim,
        pv.getSpec().getStorageClassName(), UNSET, pv.getStatus().getReason(), KindTables.age(pv, now));
  }

  static List<String> volumeWide(PersistentVolume pv, Instant now) {
    return List.of(pv.getSpec().hasVolumeMode() ? pv.getSpec().getVolumeMode() : StorageNames.FILESYSTEM);
  }

  static List<String> storageClass(StorageClass sc, Instant now) {
    String name = KindTables.name(sc);
    if ("true".equals(sc.getMetadata().getAnnotationsOrDefault(StorageNames.DEFAULT_CLASS_ANNOTATION, ""))) {
      name += " (default)";
    }
    return List.of(name, sc.getProvisioner(), sc.hasReclaimPolicy() ? sc.getReclaimPolicy() : StorageNames.DELETE,
        sc.hasVolumeBindingMode() ? sc.getVolumeBindingMode() : StorageNames.IMMEDIATE,
        Boolean.toString(sc.hasAllowVolumeExpansion() && sc.getAllowVolumeExpansion()), KindTables.age(sc, now));
  }

  /** Upstream's GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order. */
  public static String accessModes(List<String> modes) {
    List<String> out = new ArrayList<>();
    String[][] order = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
        {"ReadWriteOncePod", "RWOP"}};
    for (String[] m : order) {
      if (modes.contains(m[0])) {
        out.add(m[1]);
      }
    }
    return String.join(",", out);
  }
}
