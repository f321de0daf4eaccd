package io.kava.apiserver.validation;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.storage.v1.StorageClass;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.quantity.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Upstream's PersistentVolume, PersistentVolumeClaim and StorageClass validation. */
public final class StorageValidation {
  public static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
  static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
  static final List<String> PV_RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");
  static final List<String> SC_RECLAIM_POLICIES = List.of("Delete", "Retain");
  static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");
  private static final String STORAGE = "storage";

  private StorageValidation() {}

  public static List<FieldError> validateClaim(PersistentVolumeClaim pvc) {
    List<FieldError> errs = new ArrayList<>();
    PersistentVolumeClaimSpec spec = pvc.getSpec();
    validateAccessModes(spec.getAccessModesList(), "spec.accessModes", errs);
    if (spec.hasSelector()) {
      errs.addAll(MetaValidation.validateLabelSelector(spec.getSelector(), "spec.selector"));
    }
    Map<String, String> requests = spec.getResources().getRequestsMap();
    if (!requests.containsKey(STORAGE)) {
      errs.add(FieldError.required("spec.resources[storage]", ""));
    } else {
      validatePositive(requests.get(STORAGE), "spec.resources[storage]", errs);
    }
    if (spec.hasVolumeMode() && !VOLUME_MODES.contains(spec.getVolumeMode())) {
      errs.add(FieldError.notSupported("spec.volumeMode", spec.getVolumeMode(), VOLUME_MODES));
    }
    if (spec.hasStorageClassName() && !spec.getStorageClassName().isEmpty()) {
      for (String msg : NameRules.DNS1123_SUBDOMAIN.check(spec.getStorageClassName())) {
        errs.add(FieldError.invalid("spec.storageClassName", spec.getStorageClassName(), msg));
      }
    }
    validatePhase(pvc.getStatus().getPhase(), List.of("Bound", "Lost", "Pending"), "status.phase", errs);
    return errs;
  }

  /**
   * Upstream: the spec is immutable after creation except resources.requests (expansion, never below
   * the previous value), volumeName set once (the binder) and storageClassName set once when it was unset.
   */
  public static List<FieldError> validateClaimUpdate(PersistentVolumeClaim pvc, PersistentVolumeClaim old) {
    List<FieldError> errs = new ArrayList<>();
    PersistentVolumeClaimSpec.Builder newSpec = pvc.getSpec().toBuilder();
    PersistentVolumeClaimSpec oldSpec = old.getSpec();
    newSpec.setResources(oldSpec.getResources());
    if (oldSpec.getVolumeName().isEmpty()) {
      newSpec.setVolumeName("");
    }
    if (!oldSpec.hasStorageClassName()) {
      newSpec.clearStorageClassName();
    }
    if (!newSpec.build().equals(oldSpec)) {
      errs.add(FieldError.forbidden("spec",
          "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
    }
    Quantity now = Quantity.parseOrNull(pvc.getSpec().getResources().getRequestsOrDefault(STORAGE, ""));
    Quantity before = Quantity.parseOrNull(oldSpec.getResources().getRequestsOrDefault(STORAGE, ""));
    if (now != null && before != null && now.compareTo(before) < 0) {
      errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
    }
    return errs;
  }

  public static List<FieldError> validateVolume(PersistentVolume pv) {
    List<FieldError> errs = new ArrayList<>();
    PersistentVolumeSpec spec = pv.getSpec();
    validateAccessModes(spec.getAccessModesList(), "spec.accessModes", errs);
    if (spec.getCapacityCount() == 0) {
      errs.add(FieldError.required("spec.capacity", ""));
    }
    for (Map.Entry<String, String> e : spec.getCapacityMap().entrySet()) {
      if (!e.getKey().equals(STORAGE)) {
        errs.add(FieldError.notSupported("spec.capacity", e.getKey(), List.of(STORAGE)));
      } else {
        validatePositive(e.getValue(), "spec.capacity[storage]", errs);
      }
    }
    int sources = (spec.hasHostPath() ? 1 : 0) + (spec.hasLocal() ? 1 : 0);
    if (sources == 0) {
      errs.add(FieldError.required("spec", "must specify a volume type"));
    } else if (sources > 1) {
      errs.add(FieldError.forbidden("spec", "may not specify more than 1 volume type"));
    }
    if (spec.hasHostPath() && spec.getHostPath().getPath().isEmpty()) {
      errs.add(FieldError.required("spec.hostPath.path", ""));
    }
    if (spec.hasLocal()) {
      if (spec.getLocal().getPath().isEmpty()) {
        errs.add(FieldError.required("spec.local.path", ""));
      }
      if (!spec.hasNodeAffinity()) {
        errs.add(FieldError.required("spec.nodeAffinity", "Local volume requires node affinity"));
      }
    }
    if (!spec.getPersistentVolumeReclaimPolicy().isEmpty()
        && !PV_RECLAIM_POLICIES.contains(spec.getPersistentVolumeReclaimPolicy())) {
      errs.add(FieldError.notSupported("spec.persistentVolumeReclaimPolicy", spec.getPersistentVolumeReclaimPolicy(),
          PV_RECLAIM_POLICIES));
    }
    if (spec.hasVolumeMode() && !VOLUME_MODES.contains(spec.getVolumeMode())) {
      errs.add(FieldError.notSupported("spec.volumeMode", spec.getVolumeMode(), VOLUME_MODES));
    }
    if (spec.hasNodeAffinity() && spec.getNodeAffinity().getRequired().getNodeSelectorTermsCount() == 0) {
      errs.add(FieldError.required("spec.nodeAffinity.required.nodeSelectorTerms", "must have at least one node selector term"));
    }
    validatePhase(pv.getStatus().getPhase(), List.of("Available", "Bound", "Failed", "Pending", "Released"),
        "status.phase", errs);
    return errs;
  }

  /** Upstream: the volume source and volumeMode never change; nodeAffinity only while it was unset. */
  public static List<FieldError> validateVolumeUpdate(PersistentVolume pv, PersistentVolume old) {
    List<FieldError> errs = new ArrayList<>();
    PersistentVolumeSpec spec = pv.getSpec();
    PersistentVolumeSpec was = old.getSpec();
    if (!spec.getHostPath().equals(was.getHostPath()) || !spec.getLocal().equals(was.getLocal())) {
      errs.add(FieldError.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
    }
    if (!Objects.equals(spec.getVolumeMode(), was.getVolumeMode())) {
      errs.add(FieldError.invalid("spec.volumeMode", spec.getVolumeMode(), "field is immutable"));
    }
    if (was.hasNodeAffinity() && !spec.getNodeAffinity().equals(was.getNodeAffinity())) {
      errs.add(FieldError.invalid("spec.nodeAffinity", "", "field is immutable"));
    }
    return errs;
  }

  public static List<FieldError> validateStorageClass(StorageClass sc) {
    List<FieldError> errs = new ArrayList<>();
    if (sc.getProvisioner().isEmpty()) {
      errs.add(FieldError.required("provisioner", ""));
    }
    if (sc.hasReclaimPolicy() && !SC_RECLAIM_POLICIES.contains(sc.getReclaimPolicy())) {
      errs.add(FieldError.notSupported("reclaimPolicy", sc.getReclaimPolicy(), SC_RECLAIM_POLICIES));
    }
    if (sc.hasVolumeBindingMode() && !BINDING_MODES.contains(sc.getVolumeBindingMode())) {
      errs.add(FieldError.notSupported("volumeBindingMode", sc.getVolumeBindingMode(), BINDING_MODES));
    }
    return errs;
  }

  /** Upstream: parameters, provisioner, reclaimPolicy and volumeBindingMode are fixed once created. */
  public static List<FieldError> validateStorageClassUpdate(StorageClass sc, StorageClass old) {
    List<FieldError> errs = new ArrayList<>();
    if (!sc.getParametersMap().equals(old.getParametersMap())) {
      errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
    }
    if (!sc.getProvisioner().equals(old.getProvisioner())) {
      errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
    }
    if (!sc.getReclaimPolicy().equals(old.getReclaimPolicy())) {
      errs.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    }
    if (!sc.getVolumeBindingMode().equals(old.getVolumeBindingMode())) {
      errs.add(FieldError.forbidden("volumeBindingMode", "field is immutable"));
    }
    return errs;
  }

  private static void validateAccessModes(List<String> modes, String path, List<FieldError> errs) {
    if (modes.isEmpty()) {
      errs.add(FieldError.required(path, "at least 1 access mode is required"));
      return;
    }
    for (int i = 0; i < modes.size(); i++) {
      if (!ACCESS_MODES.contains(modes.get(i))) {
        errs.add(FieldError.notSupported(path + "[" + i + "]", modes.get(i), ACCESS_MODES));
      }
    }
    if (modes.contains("ReadWriteOncePod") && modes.size() > 1) {
      errs.add(FieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    }
  }

  private static void validatePositive(String value, String path, List<FieldError> errs) {
    Quantity q = Quantity.parseOrNull(value);
    if (q == null) {
      errs.add(FieldError.invalid(path, value, "quantities must match the regular expression "
          + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
    } else if (q.signum() <= 0) {
      errs.add(FieldError.invalid(path, value, "must be greater than zero"));
    }
  }

  private static void validatePhase(String phase, List<String> allowed, String path, List<FieldError> errs) {
    if (!phase.isEmpty() && !allowed.contains(phase)) {
      errs.add(FieldError.notSupported(path, phase, allowed));
    }
  }
}
