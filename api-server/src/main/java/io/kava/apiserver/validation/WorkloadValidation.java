package io.kava.apiserver.validation;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.util.ArrayList;
import java.util.List;

/** Deployment, ReplicaSet and Job rules (upstream apps and batch validation). */
public final class WorkloadValidation {
  private WorkloadValidation() {}

  public static List<FieldError> validateDeployment(Deployment d) {
    List<FieldError> errs = new ArrayList<>();
    DeploymentSpec spec = d.getSpec();
    if (spec.hasReplicas()) {
      MetaValidation.nonNegative(errs, "spec.replicas", spec.getReplicas());
    }
    validateSelectorAndTemplate(spec.hasSelector() ? spec.getSelector() : null, spec.hasTemplate() ? spec.getTemplate() : null,
        "deployment", List.of("Always"), errs);
    String type = spec.getStrategy().getType();
    PodValidation.oneOf(errs, "spec.strategy.type", type, List.of("Recreate", "RollingUpdate"));
    if (type.equals("Recreate") && spec.getStrategy().hasRollingUpdate()) {
      errs.add(FieldError.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
    }
    if (type.equals("RollingUpdate") && spec.getStrategy().hasRollingUpdate()) {
      var ru = spec.getStrategy().getRollingUpdate();
      String p = "spec.strategy.rollingUpdate";
      intOrPercent(errs, p + ".maxUnavailable", ru.getMaxUnavailable());
      intOrPercent(errs, p + ".maxSurge", ru.getMaxSurge());
      if (ru.getMaxUnavailable().hasStrVal() && percent(ru.getMaxUnavailable()) > 100) {
        errs.add(FieldError.invalid(p + ".maxUnavailable", ru.getMaxUnavailable().getStrVal(), "must not be greater than 100%"));
      }
      if (isZero(ru.getMaxUnavailable()) && isZero(ru.getMaxSurge())) {
        errs.add(FieldError.invalid(p + ".maxUnavailable", value(ru.getMaxUnavailable()), "may not be 0 when `maxSurge` is 0"));
      }
    }
    MetaValidation.nonNegative(errs, "spec.minReadySeconds", spec.getMinReadySeconds());
    if (spec.hasRevisionHistoryLimit()) {
      MetaValidation.nonNegative(errs, "spec.revisionHistoryLimit", spec.getRevisionHistoryLimit());
    }
    if (spec.hasProgressDeadlineSeconds()) {
      MetaValidation.nonNegative(errs, "spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds());
      if (spec.getProgressDeadlineSeconds() <= spec.getMinReadySeconds()) {
        errs.add(FieldError.invalid("spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds(),
            "must be greater than minReadySeconds"));
      }
    }
    return errs;
  }

  public static List<FieldError> validateDeploymentUpdate(Deployment d, Deployment old) {
    List<FieldError> errs = validateDeployment(d);
    if (!d.getSpec().getSelector().equals(old.getSpec().getSelector())) {
      errs.add(FieldError.invalid("spec.selector", d.getSpec().getSelector(), "field is immutable"));
    }
    return errs;
  }

  public static List<FieldError> validateReplicaSet(ReplicaSet rs) {
    List<FieldError> errs = new ArrayList<>();
    ReplicaSetSpec spec = rs.getSpec();
    if (spec.hasReplicas()) {
      MetaValidation.nonNegative(errs, "spec.replicas", spec.getReplicas());
    }
    MetaValidation.nonNegative(errs, "spec.minReadySeconds", spec.getMinReadySeconds());
    validateSelectorAndTemplate(spec.hasSelector() ? spec.getSelector() : null, spec.hasTemplate() ? spec.getTemplate() : null,
        "replicaset", List.of("Always"), errs);
    return errs;
  }

  public static List<FieldError> validateReplicaSetUpdate(ReplicaSet rs, ReplicaSet old) {
    List<FieldError> errs = validateReplicaSet(rs);
    if (!rs.getSpec().getSelector().equals(old.getSpec().getSelector())) {
      errs.add(FieldError.invalid("spec.selector", rs.getSpec().getSelector(), "field is immutable"));
    }
    return errs;
  }

  public static List<FieldError> validateJob(Job job) {
    List<FieldError> errs = new ArrayList<>();
    JobSpec spec = job.getSpec();
    if (spec.hasParallelism()) {
      MetaValidation.nonNegative(errs, "spec.parallelism", spec.getParallelism());
    }
    if (spec.hasCompletions()) {
      MetaValidation.nonNegative(errs, "spec.completions", spec.getCompletions());
    }
    if (spec.hasActiveDeadlineSeconds()) {
      MetaValidation.positive(errs, "spec.activeDeadlineSeconds", spec.getActiveDeadlineSeconds());
    }
    if (spec.hasBackoffLimit()) {
      MetaValidation.nonNegative(errs, "spec.backoffLimit", spec.getBackoffLimit());
    }
    if (spec.hasTtlSecondsAfterFinished()) {
      MetaValidation.nonNegative(errs, "spec.ttlSecondsAfterFinished", spec.getTtlSecondsAfterFinished());
    }
    PodValidation.oneOf(errs, "spec.completionMode", spec.getCompletionMode(), List.of("NonIndexed", "Indexed"));
    if (spec.getCompletionMode().equals("Indexed") && !spec.hasCompletions()) {
      errs.add(FieldError.required("spec.completions", "when completion mode is Indexed"));
    }
    validateSelectorAndTemplate(spec.hasSelector() ? spec.getSelector() : null, spec.hasTemplate() ? spec.getTemplate() : null,
        "job", List.of("OnFailure", "Never"), errs);
    BatchValidation.validatePodFailurePolicy(errs, spec);
    return errs;
  }

  public static List<FieldError> validateJobUpdate(Job job, Job old) {
    List<FieldError> errs = validateJob(job);
    if (!job.getSpec().getSelector().equals(old.getSpec().getSelector())) {
      errs.add(FieldError.invalid("spec.selector", job.getSpec().getSelector(), "field is immutable"));
    }
    if (!job.getSpec().getTemplate().equals(old.getSpec().getTemplate())) {
      errs.add(FieldError.invalid("spec.template", "", "field is immutable"));
    }
    if (job.getSpec().hasCompletions() != old.getSpec().hasCompletions()
        || job.getSpec().getCompletions() != old.getSpec().getCompletions()) {
      errs.add(FieldError.invalid("spec.completions", job.getSpec().hasCompletions() ? job.getSpec().getCompletions() : "nil",
          "field is immutable"));
    }
    if (!job.getSpec().getCompletionMode().equals(old.getSpec().getCompletionMode())) {
      errs.add(FieldError.invalid("spec.completionMode", job.getSpec().getCompletionMode(), "field is immutable"));
    }
    return errs;
  }

  static void validateSelectorAndTemplate(LabelSelector selector, PodTemplateSpec template, String what,
      List<String> restartPolicies, List<FieldError> errs) {
    Selector parsed = null;
    if (selector == null) {
      errs.add(FieldError.required("spec.selector", ""));
    } else {
      List<FieldError> selectorErrs = MetaValidation.validateLabelSelector(selector, "spec.selector");
      errs.addAll(selectorErrs);
      if (selectorErrs.isEmpty()) {
        try {
          parsed = LabelSelectors.fromProto(selector);
          if (parsed.isEmpty()) {
            errs.add(FieldError.invalid("spec.selector", selector, "empty selector is invalid for " + what));
            parsed = null;
          }
        } catch (IllegalArgumentException e) {
          errs.add(FieldError.invalid("spec.selector", selector, e.getMessage()));
        }
      }
    }
    if (template == null) {
      errs.add(FieldError.required("spec.template", ""));
      return;
    }
    errs.addAll(MetaValidation.validateLabels(template.getMetadata().getLabelsMap(), "spec.template.metadata.labels"));
    errs.addAll(MetaValidation.validateAnnotations(template.getMetadata().getAnnotationsMap(), "spec.template.metadata.annotations"));
    if (parsed != null && !parsed.matches(template.getMetadata().getLabelsMap())) {
      errs.add(FieldError.invalid("spec.template.metadata.labels", template.getMetadata().getLabelsMap(),
          "`selector` does not match template `labels`"));
    }
    errs.addAll(PodValidation.validatePodSpec(template.getSpec(), "spec.template.spec"));
    String policy = template.getSpec().getRestartPolicy();
    if (policy.isEmpty()) {
      errs.add(FieldError.required("spec.template.spec.restartPolicy", "valid values: "
          + String.join(", ", restartPolicies.stream().map(v -> "\"" + v + "\"").toList())));
    } else if (!restartPolicies.contains(policy) && PodValidation.RESTART_POLICIES.contains(policy)) {
      errs.add(FieldError.notSupported("spec.template.spec.restartPolicy", policy, restartPolicies));
    }
    if (template.getSpec().hasActiveDeadlineSeconds() && !what.equals("job")) {
      errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in " + what + " is not Supported"));
    }
  }

  static void intOrPercent(List<FieldError> errs, String path, IntOrString v) {
    if (v.hasStrVal()) {
      if (!v.getStrVal().matches("^[0-9]+%$")) {
        errs.add(FieldError.invalid(path, v.getStrVal(), "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
      }
    } else {
      MetaValidation.nonNegative(errs, path, v.getIntVal());
    }
  }

  static int percent(IntOrString v) {
    try {
      return Integer.parseInt(v.getStrVal().replace("%", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static boolean isZero(IntOrString v) {
    return v.hasStrVal() ? v.getStrVal().matches("^0+%$") : v.getIntVal() == 0;
  }

  private static Object value(IntOrString v) {
    return v.hasStrVal() ? v.getStrVal() : v.getIntVal();
  }
}
