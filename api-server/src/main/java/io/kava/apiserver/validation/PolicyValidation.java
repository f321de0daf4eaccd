package io.kava.apiserver.validation;

import io.kava.api.meta.v1.IntOrString;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Rules of policy/v1 PodDisruptionBudget, as upstream's ValidatePodDisruptionBudget. */
public final class PolicyValidation {
  public static final String IF_HEALTHY_BUDGET = "IfHealthyBudget";
  public static final String ALWAYS_ALLOW = "AlwaysAllow";
  static final List<String> UNHEALTHY_POD_EVICTION_POLICIES = List.of(ALWAYS_ALLOW, IF_HEALTHY_BUDGET);

  private PolicyValidation() {}

  public static List<FieldError> validatePodDisruptionBudget(PodDisruptionBudget pdb) {
    List<FieldError> errs = new ArrayList<>();
    PodDisruptionBudgetSpec spec = pdb.getSpec();
    if (spec.hasMinAvailable() && spec.hasMaxUnavailable()) {
      errs.add(FieldError.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
    }
    if (spec.hasMinAvailable()) {
      intOrPercentUpTo100(errs, "spec.minAvailable", spec.getMinAvailable());
    }
    if (spec.hasMaxUnavailable()) {
      intOrPercentUpTo100(errs, "spec.maxUnavailable", spec.getMaxUnavailable());
    }
    if (spec.hasSelector()) {
      errs.addAll(MetaValidation.validateLabelSelector(spec.getSelector(), "spec.selector"));
    }
    if (spec.hasUnhealthyPodEvictionPolicy()) {
      String policy = spec.getUnhealthyPodEvictionPolicy();
      if (!UNHEALTHY_POD_EVICTION_POLICIES.contains(policy)) {
        errs.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", policy, UNHEALTHY_POD_EVICTION_POLICIES));
      }
    }
    PodDisruptionBudgetStatus status = pdb.getStatus();
    MetaValidation.nonNegative(errs, "status.disruptionsAllowed", status.getDisruptionsAllowed());
    MetaValidation.nonNegative(errs, "status.currentHealthy", status.getCurrentHealthy());
    MetaValidation.nonNegative(errs, "status.desiredHealthy", status.getDesiredHealthy());
    MetaValidation.nonNegative(errs, "status.expectedPods", status.getExpectedPods());
    return errs;
  }

  /** Upstream ValidatePositiveIntOrPercent plus IsNotMoreThan100Percent. */
  private static void intOrPercentUpTo100(List<FieldError> errs, String path, IntOrString v) {
    int before = errs.size();
    WorkloadValidation.intOrPercent(errs, path, v);
    if (errs.size() == before && v.hasStrVal() && WorkloadValidation.percent(v) > 100) {
      errs.add(FieldError.invalid(path, v.getStrVal(), "must not be greater than 100%"));
    }
  }
}
