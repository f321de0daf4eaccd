package io.kava.apiserver.validation;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.IntOrString;
import io.kava.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** StatefulSet, DaemonSet and ControllerRevision rules (upstream pkg/apis/apps/validation). */
public final class AppsValidation {
  static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");

  private AppsValidation() {}

  public static List<FieldError> validateStatefulSet(StatefulSet set) {
    List<FieldError> errs = new ArrayList<>();
    StatefulSetSpec spec = set.getSpec();
    if (spec.hasReplicas()) {
      MetaValidation.nonNegative(errs, "spec.replicas", spec.getReplicas());
    }
    // Optional since upstream made it so (kubernetes#130233); when given it becomes the pods' subdomain.
    if (!spec.getServiceName().isEmpty()) {
      for (String msg : NameRules.label(spec.getServiceName())) {
        errs.add(FieldError.invalid("spec.serviceName", spec.getServiceName(), msg));
      }
    }
    PodValidation.oneOf(errs, "spec.podManagementPolicy", spec.getPodManagementPolicy(), List.of("OrderedReady", "Parallel"));
    String type = spec.getUpdateStrategy().getType();
    PodValidation.oneOf(errs, "spec.updateStrategy.type", type, List.of("RollingUpdate", "OnDelete"));
    if (type.equals("OnDelete") && spec.getUpdateStrategy().hasRollingUpdate()) {
      errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate", "",
          "only allowed for updateStrategy 'RollingUpdate'"));
    }
    if (spec.getUpdateStrategy().hasRollingUpdate()) {
      var ru = spec.getUpdateStrategy().getRollingUpdate();
      if (ru.hasPartition()) {
        MetaValidation.nonNegative(errs, "spec.updateStrategy.rollingUpdate.partition", ru.getPartition());
      }
      if (ru.getMaxUnavailable().getValueCase() != IntOrString.ValueCase.VALUE_NOT_SET) {
        positiveIntOrPercent(errs, "spec.updateStrategy.rollingUpdate.maxUnavailable", ru.getMaxUnavailable());
      }
    }
    if (spec.hasRevisionHistoryLimit()) {
      MetaValidation.nonNegative(errs, "spec.revisionHistoryLimit", spec.getRevisionHistoryLimit());
    }
    MetaValidation.nonNegative(errs, "spec.minReadySeconds", spec.getMinReadySeconds());
    MetaValidation.nonNegative(errs, "spec.ordinals.start", spec.getOrdinals().getStart());
    var retention = spec.getPersistentVolumeClaimRetentionPolicy();
    PodValidation.oneOf(errs, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", retention.getWhenDeleted(),
        List.of("Retain", "Delete"));
    PodValidation.oneOf(errs, "spec.persistentVolumeClaimRetentionPolicy.whenScaled", retention.getWhenScaled(),
        List.of("Retain", "Delete"));
    Set<String> claimNames = new HashSet<>();
    for (int i = 0; i < spec.getVolumeClaimTemplatesCount(); i++) {
      PersistentVolumeClaim claim = spec.getVolumeClaimTemplates(i);
      String path = "spec.volumeClaimTemplates[" + i + "]";
      errs.addAll(validateClaimTemplate(claim, path));
      if (!claim.getMetadata().getName().isEmpty() && !claimNames.add(claim.getMetadata().getName())) {
        errs.add(FieldError.duplicate(path + ".metadata.name", claim.getMetadata().getName()));
      }
    }
    WorkloadValidation.validateSelectorAndTemplate(spec.hasSelector() ? spec.getSelector() : null,
        spec.hasTemplate() ? withClaimVolumes(spec.getTemplate(), spec) : null, "statefulset", List.of("Always"), errs);
    return errs;
  }

  public static List<FieldError> validateStatefulSetUpdate(StatefulSet set, StatefulSet old) {
    List<FieldError> errs = validateStatefulSet(set);
    // Upstream: only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, minReadySeconds and
    // the retention policy may change.
    StatefulSetSpec a = set.getSpec().toBuilder().clearReplicas().clearOrdinals().clearTemplate().clearUpdateStrategy()
        .clearRevisionHistoryLimit().clearMinReadySeconds().clearPersistentVolumeClaimRetentionPolicy().build();
    StatefulSetSpec b = old.getSpec().toBuilder().clearReplicas().clearOrdinals().clearTemplate().clearUpdateStrategy()
        .clearRevisionHistoryLimit().clearMinReadySeconds().clearPersistentVolumeClaimRetentionPolicy().build();
    if (!a.equals(b)) {
      errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
          + "'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
          + "'minReadySeconds' are forbidden"));
    }
    return errs;
  }

  public static List<FieldError> validateDaemonSet(DaemonSet ds) {
    List<FieldError> errs = new ArrayList<>();
    DaemonSetSpec spec = ds.getSpec();
    WorkloadValidation.validateSelectorAndTemplate(spec.hasSelector() ? spec.getSelector() : null,
        spec.hasTemplate() ? spec.getTemplate() : null, "daemonset", List.of("Always"), errs);
    String type = spec.getUpdateStrategy().getType();
    PodValidation.oneOf(errs, "spec.updateStrategy.type", type, List.of("RollingUpdate", "OnDelete"));
    if (type.equals("RollingUpdate")) {
      var ru = spec.getUpdateStrategy().getRollingUpdate();
      String p = "spec.updateStrategy.rollingUpdate";
      WorkloadValidation.intOrPercent(errs, p + ".maxUnavailable", ru.getMaxUnavailable());
      WorkloadValidation.intOrPercent(errs, p + ".maxSurge", ru.getMaxSurge());
      boolean unavailableZero = WorkloadValidation.isZero(ru.getMaxUnavailable());
      boolean surgeZero = WorkloadValidation.isZero(ru.getMaxSurge());
      if (unavailableZero && surgeZero) {
        errs.add(FieldError.invalid(p + ".maxUnavailable", ru.getMaxUnavailable().hasStrVal()
            ? ru.getMaxUnavailable().getStrVal() : ru.getMaxUnavailable().getIntVal(),
            "may not be 0 when `maxSurge` is 0"));
      } else if (!unavailableZero && !surgeZero) {
        errs.add(FieldError.invalid(p + ".maxSurge", ru.getMaxSurge().hasStrVal()
            ? ru.getMaxSurge().getStrVal() : ru.getMaxSurge().getIntVal(),
            "may not be set when maxUnavailable is non-zero"));
      }
      for (String field : List.of("maxUnavailable", "maxSurge")) {
        IntOrString v = field.equals("maxSurge") ? ru.getMaxSurge() : ru.getMaxUnavailable();
        if (v.hasStrVal() && WorkloadValidation.percent(v) > 100) {
          errs.add(FieldError.invalid(p + "." + field, v.getStrVal(), "must not be greater than 100%"));
        }
      }
    }
    MetaValidation.nonNegative(errs, "spec.minReadySeconds", spec.getMinReadySeconds());
    if (spec.hasRevisionHistoryLimit()) {
      MetaValidation.nonNegative(errs, "spec.revisionHistoryLimit", spec.getRevisionHistoryLimit());
    }
    return errs;
  }

  public static List<FieldError> validateDaemonSetUpdate(DaemonSet ds, DaemonSet old) {
    List<FieldError> errs = validateDaemonSet(ds);
    if (!ds.getSpec().getSelector().equals(old.getSpec().getSelector())) {
      errs.add(FieldError.invalid("spec.selector", ds.getSpec().getSelector(), "field is immutable"));
    }
    return errs;
  }

  /** Upstream ValidateControllerRevision: data is mandatory, revision not negative. */
  public static List<FieldError> validateControllerRevision(ControllerRevision revision) {
    List<FieldError> errs = new ArrayList<>();
    if (revision.getData().getRaw().isEmpty()) {
      errs.add(FieldError.required("data", "data is mandatory"));
    }
    MetaValidation.nonNegative(errs, "revision", revision.getRevision());
    return errs;
  }

  /** Upstream ValidateControllerRevisionUpdate: the data is immutable; the revision number may move (a rollback). */
  public static List<FieldError> validateControllerRevisionUpdate(ControllerRevision revision, ControllerRevision old) {
    List<FieldError> errs = validateControllerRevision(revision);
    if (!revision.getData().equals(old.getData())) {
      errs.add(FieldError.invalid("data", revision.getData().getRaw().toStringUtf8(), "field is immutable"));
    }
    return errs;
  }

  /** Upstream ValidatePersistentVolumeClaimSpec, for a claim template: named, with access modes and a size. */
  private static List<FieldError> validateClaimTemplate(PersistentVolumeClaim claim, String path) {
    List<FieldError> errs = new ArrayList<>();
    String name = claim.getMetadata().getName();
    if (name.isEmpty()) {
      errs.add(FieldError.required(path + ".metadata.name", "name or generateName is required"));
    } else {
      for (String msg : NameRules.subdomain(name)) {
        errs.add(FieldError.invalid(path + ".metadata.name", name, msg));
      }
    }
    var spec = claim.getSpec();
    if (spec.getAccessModesCount() == 0) {
      errs.add(FieldError.required(path + ".spec.accessModes", "at least 1 access mode is required"));
    }
    for (String mode : spec.getAccessModesList()) {
      if (!ACCESS_MODES.contains(mode)) {
        errs.add(FieldError.notSupported(path + ".spec.accessModes", mode, ACCESS_MODES));
      }
    }
    if (!spec.getResources().containsRequests("storage")) {
      errs.add(FieldError.required(path + ".spec.resources[storage]", ""));
    }
    return errs;
  }

  /** The template as the controller makes its pods: one claim volume per volumeClaimTemplate not already a volume. */
  private static PodTemplateSpec withClaimVolumes(PodTemplateSpec template, StatefulSetSpec spec) {
    PodSpec.Builder pod = template.getSpec().toBuilder();
    Set<String> volumes = new HashSet<>();
    pod.getVolumesList().forEach(v -> volumes.add(v.getName()));
    for (PersistentVolumeClaim claim : spec.getVolumeClaimTemplatesList()) {
      String name = claim.getMetadata().getName();
      if (!name.isEmpty() && volumes.add(name)) {
        pod.addVolumes(Volume.newBuilder().setName(name)
            .setPersistentVolumeClaim(PersistentVolumeClaimVolumeSource.newBuilder().setClaimName(name + "-x-0")));
      }
    }
    return template.toBuilder().setSpec(pod).build();
  }

  private static void positiveIntOrPercent(List<FieldError> errs, String path, IntOrString v) {
    WorkloadValidation.intOrPercent(errs, path, v);
    if (WorkloadValidation.isZero(v)) {
      errs.add(FieldError.invalid(path, v.hasStrVal() ? v.getStrVal() : v.getIntVal(), "must be greater than 0"));
    }
  }
}
