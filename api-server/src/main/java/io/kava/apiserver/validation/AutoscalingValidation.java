package io.kava.apiserver.validation;

import io.kava.api.autoscaling.v2.CrossVersionObjectReference;
import io.kava.api.autoscaling.v2.HPAScalingPolicy;
import io.kava.api.autoscaling.v2.HPAScalingRules;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.api.autoscaling.v2.MetricSpec;
import io.kava.api.autoscaling.v2.MetricTarget;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.autoscaling.HpaRules;
import io.kava.client.quantity.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules of autoscaling/v2 HorizontalPodAutoscaler, as upstream's ValidateHorizontalPodAutoscaler, and two
 * of Kava's own: the target must be a kind with a scale subresource (upstream finds out only at run
 * time), and only Resource metrics of cpu and memory are served.
 */
public final class AutoscalingValidation {
  static final List<String> METRIC_TYPES = List.of(HpaRules.RESOURCE);
  static final List<String> RESOURCES = List.of("cpu", "memory");
  static final List<String> SELECT_POLICIES = List.of(HpaRules.MAX, HpaRules.MIN, HpaRules.DISABLED);
  static final List<String> POLICY_TYPES = List.of(HpaRules.PODS_POLICY, HpaRules.PERCENT_POLICY);
  private static final int MAX_STABILIZATION_WINDOW = 3600;
  private static final int MAX_PERIOD_SECONDS = 1800;

  private AutoscalingValidation() {}

  public static List<FieldError> validateHpa(HorizontalPodAutoscaler hpa) {
    List<FieldError> errs = new ArrayList<>();
    HorizontalPodAutoscalerSpec spec = hpa.getSpec();
    if (spec.hasMinReplicas() && spec.getMinReplicas() < 1) {
      errs.add(FieldError.invalid("spec.minReplicas", spec.getMinReplicas(), "must be greater than or equal to 1"));
    }
    if (spec.getMaxReplicas() < 1) {
      errs.add(FieldError.invalid("spec.maxReplicas", spec.getMaxReplicas(), "must be greater than 0"));
    }
    if (spec.hasMinReplicas() && spec.getMaxReplicas() < spec.getMinReplicas()) {
      errs.add(FieldError.invalid("spec.maxReplicas", spec.getMaxReplicas(),
          "must be greater than or equal to `minReplicas`"));
    }
    scaleTargetRef(errs, spec.getScaleTargetRef());
    for (int i = 0; i < spec.getMetricsCount(); i++) {
      metric(errs, "spec.metrics[" + i + "]", spec.getMetrics(i));
    }
    if (spec.hasBehavior()) {
      rules(errs, "spec.behavior.scaleUp", spec.getBehavior().getScaleUp());
      rules(errs, "spec.behavior.scaleDown", spec.getBehavior().getScaleDown());
    }
    return errs;
  }

  public static List<FieldError> validateHpaUpdate(HorizontalPodAutoscaler hpa, HorizontalPodAutoscaler old) {
    return validateHpa(hpa);
  }

  private static void scaleTargetRef(List<FieldError> errs, CrossVersionObjectReference ref) {
    String path = "spec.scaleTargetRef";
    if (ref.getKind().isEmpty()) {
      errs.add(FieldError.required(path + ".kind", ""));
    } else if (!HpaRules.SCALABLE_KINDS.contains(ref.getKind())) {
      errs.add(FieldError.notSupported(path + ".kind", ref.getKind(), HpaRules.SCALABLE_KINDS));
    } else if (!ref.getApiVersion().isEmpty() && !ref.getApiVersion().equals("apps/v1")) {
      errs.add(FieldError.notSupported(path + ".apiVersion", ref.getApiVersion(), List.of("apps/v1")));
    }
    if (ref.getName().isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    } else {
      for (String problem : NameRules.PATH_SEGMENT.check(ref.getName())) {
        errs.add(FieldError.invalid(path + ".name", ref.getName(), problem));
      }
    }
  }

  private static void metric(List<FieldError> errs, String path, MetricSpec metric) {
    if (metric.getType().isEmpty()) {
      errs.add(FieldError.required(path + ".type", "must specify a metric source type"));
      return;
    }
    if (!METRIC_TYPES.contains(metric.getType())) {
      errs.add(FieldError.notSupported(path + ".type", metric.getType(), METRIC_TYPES));
      return;
    }
    if (!metric.hasResource()) {
      errs.add(FieldError.required(path + ".resource", "must populate information for the given metric source"));
      return;
    }
    String name = metric.getResource().getName();
    if (name.isEmpty()) {
      errs.add(FieldError.required(path + ".resource.name", "must specify a resource name"));
    } else if (!RESOURCES.contains(name)) {
      errs.add(FieldError.notSupported(path + ".resource.name", name, RESOURCES));
    }
    target(errs, path + ".resource.target", metric.getResource().getTarget());
  }

  private static void target(List<FieldError> errs, String path, MetricTarget target) {
    if (target.getType().isEmpty()) {
      errs.add(FieldError.required(path + ".type", "must specify a metric target type"));
    } else if (!target.getType().equals(HpaRules.UTILIZATION) && !target.getType().equals(HpaRules.AVERAGE_VALUE)) {
      errs.add(FieldError.notSupported(path + ".type", target.getType(),
          List.of(HpaRules.UTILIZATION, HpaRules.AVERAGE_VALUE)));
    }
    boolean utilization = target.hasAverageUtilization();
    boolean average = !target.getAverageValue().isEmpty();
    if (!utilization && !average) {
      errs.add(FieldError.required(path + ".averageUtilization", "must set either a target raw value or a target utilization"));
    }
    if (utilization && average) {
      errs.add(FieldError.forbidden(path + ".averageValue", "may not set both a target raw value and a target utilization"));
    }
    if (utilization && target.getAverageUtilization() <= 0) {
      errs.add(FieldError.invalid(path + ".averageUtilization", target.getAverageUtilization(), "must be greater than 0"));
    }
    if (average) {
      Quantity q = Quantity.parseOrNull(target.getAverageValue());
      if (q == null) {
        errs.add(FieldError.invalid(path + ".averageValue", target.getAverageValue(), "must be a quantity (e.g. 500m, 64Mi)"));
      } else if (q.signum() <= 0) {
        errs.add(FieldError.invalid(path + ".averageValue", target.getAverageValue(), "must be positive"));
      }
    }
  }

  private static void rules(List<FieldError> errs, String path, HPAScalingRules rules) {
    if (rules.hasStabilizationWindowSeconds()) {
      int w = rules.getStabilizationWindowSeconds();
      if (w < 0) {
        errs.add(FieldError.invalid(path + ".stabilizationWindowSeconds", w, "must be greater than or equal to zero"));
      } else if (w > MAX_STABILIZATION_WINDOW) {
        errs.add(FieldError.invalid(path + ".stabilizationWindowSeconds", w,
            "must be less than or equal to " + MAX_STABILIZATION_WINDOW));
      }
    }
    if (!rules.getSelectPolicy().isEmpty() && !SELECT_POLICIES.contains(rules.getSelectPolicy())) {
      errs.add(FieldError.notSupported(path + ".selectPolicy", rules.getSelectPolicy(), SELECT_POLICIES));
    }
    if (rules.getPoliciesCount() == 0) {
      errs.add(FieldError.required(path + ".policies", "must specify at least one Policy"));
    }
    for (int i = 0; i < rules.getPoliciesCount(); i++) {
      HPAScalingPolicy p = rules.getPolicies(i);
      String at = path + ".policies[" + i + "]";
      if (!POLICY_TYPES.contains(p.getType())) {
        errs.add(FieldError.notSupported(at + ".type", p.getType(), POLICY_TYPES));
      }
      if (p.getValue() <= 0) {
        errs.add(FieldError.invalid(at + ".value", p.getValue(), "must be greater than zero"));
      }
      if (p.getPeriodSeconds() <= 0) {
        errs.add(FieldError.invalid(at + ".periodSeconds", p.getPeriodSeconds(), "must be greater than zero"));
      } else if (p.getPeriodSeconds() > MAX_PERIOD_SECONDS) {
        errs.add(FieldError.invalid(at + ".periodSeconds", p.getPeriodSeconds(),
            "must be less than or equal to " + MAX_PERIOD_SECONDS));
      }
    }
  }
}
