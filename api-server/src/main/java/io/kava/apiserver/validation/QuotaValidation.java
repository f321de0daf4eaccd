package io.kava.apiserver.validation;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.LimitRangeItem;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.core.v1.ResourceQuotaSpec;
import io.kava.api.core.v1.ScopedResourceSelectorRequirement;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.quantity.Quantity;
import io.kava.client.quota.PodScopes;
import io.kava.client.quota.QuotaUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Upstream's ValidateLimitRange and ValidateResourceQuota (pkg/apis/core/validation). */
public final class QuotaValidation {
  public static final List<String> LIMIT_TYPES = List.of("Pod", "Container", "PersistentVolumeClaim");
  private static final Set<String> STANDARD_QUOTA_RESOURCES = Set.of("pods", "services", "replicationcontrollers",
      "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports",
      "services.loadbalancers", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
      "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage");
  /** Quota resources counted in whole objects. */
  private static final Set<String> INTEGER_QUOTA_RESOURCES = Set.of("pods", "services", "replicationcontrollers",
      "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports",
      "services.loadbalancers");
  private static final Set<String> POD_COMPUTE = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
      "limits.cpu", "limits.memory");

  private QuotaValidation() {}

  // ------------------------------------------------------------------ LimitRange

  public static List<FieldError> validateLimitRange(LimitRange lr) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> types = new HashSet<>();
    for (int i = 0; i < lr.getSpec().getLimitsCount(); i++) {
      validateItem(lr.getSpec().getLimits(i), "spec.limits[" + i + "]", types, errs);
    }
    return errs;
  }

  private static void validateItem(LimitRangeItem item, String path, Set<String> types, List<FieldError> errs) {
    String type = item.getType();
    if (type.isEmpty()) {
      errs.add(FieldError.required(path + ".type", ""));
    } else if (!LIMIT_TYPES.contains(type)) {
      errs.add(FieldError.notSupported(path + ".type", type, LIMIT_TYPES));
    } else if (!types.add(type)) {
      errs.add(FieldError.duplicate(path + ".type", type));
    }
    Map<String, Quantity> max = PodValidation.quantities(item.getMaxMap(), path + ".max", errs);
    Map<String, Quantity> min = PodValidation.quantities(item.getMinMap(), path + ".min", errs);
    Map<String, Quantity> defaults = PodValidation.quantities(item.getDefaultMap(), path + ".default", errs);
    Map<String, Quantity> defaultRequests = PodValidation.quantities(item.getDefaultRequestMap(),
        path + ".defaultRequest", errs);
    Map<String, Quantity> ratios = PodValidation.quantities(item.getMaxLimitRequestRatioMap(),
        path + ".maxLimitRequestRatio", errs);
    if (type.equals("Pod")) {
      if (item.getDefaultCount() > 0) {
        errs.add(FieldError.forbidden(path + ".default", "may not be specified when `type` is 'Pod'"));
      }
      if (item.getDefaultRequestCount() > 0) {
        errs.add(FieldError.forbidden(path + ".defaultRequest", "may not be specified when `type` is 'Pod'"));
      }
    }
    if (type.equals("PersistentVolumeClaim") && !min.containsKey("storage") && !max.containsKey("storage")) {
      errs.add(FieldError.required(path + ".limits",
          "either minimum or maximum storage value is required, but neither was provided"));
    }
    Set<String> names = new java.util.TreeSet<>();
    List.of(max, min, defaults, defaultRequests, ratios).forEach(m -> names.addAll(m.keySet()));
    for (String k : names) {
      Quantity mx = max.get(k);
      Quantity mn = min.get(k);
      Quantity d = defaults.get(k);
      Quantity dr = defaultRequests.get(k);
      Quantity ratio = ratios.get(k);
      if (mn != null && mx != null && mn.compareTo(mx) > 0) {
        errs.add(FieldError.invalid(path + ".min[" + k + "]", mn.toString(),
            "min value " + mn + " is greater than max value " + mx));
      }
      if (dr != null && mn != null && mn.compareTo(dr) > 0) {
        errs.add(FieldError.invalid(path + ".defaultRequest[" + k + "]", dr.toString(),
            "min value " + mn + " is greater than default request value " + dr));
      }
      if (dr != null && mx != null && dr.compareTo(mx) > 0) {
        errs.add(FieldError.invalid(path + ".defaultRequest[" + k + "]", dr.toString(),
            "default request value " + dr + " is greater than max value " + mx));
      }
      if (dr != null && d != null && dr.compareTo(d) > 0) {
        errs.add(FieldError.invalid(path + ".defaultRequest[" + k + "]", dr.toString(),
            "default request value " + dr + " is greater than default limit value " + d));
      }
      if (d != null && mn != null && mn.compareTo(d) > 0) {
        errs.add(FieldError.invalid(path + ".default[" + k + "]", mn.toString(),
            "min value " + mn + " is greater than default value " + d));
      }
      if (d != null && mx != null && d.compareTo(mx) > 0) {
        errs.add(FieldError.invalid(path + ".default[" + k + "]", mx.toString(),
            "default value " + d + " is greater than max value " + mx));
      }
      if (ratio != null) {
        validateRatio(path + ".maxLimitRequestRatio[" + k + "]", ratio, mn, mx, errs);
      }
    }
  }

  private static void validateRatio(String path, Quantity ratio, Quantity min, Quantity max, List<FieldError> errs) {
    if (ratio.compareTo(Quantity.parse("1")) < 0) {
      errs.add(FieldError.invalid(path, ratio.toString(), "ratio " + ratio + " is less than 1"));
    }
    if (min != null && max != null && min.signum() > 0) {
      BigDecimal maxRatio = max.decimalValue().divide(min.decimalValue(), MathContext.DECIMAL64);
      if (ratio.decimalValue().compareTo(maxRatio) > 0) {
        errs.add(FieldError.invalid(path, ratio.toString(), "ratio " + ratio + " is greater than max/min = "
            + String.format(java.util.Locale.ROOT, "%f", maxRatio.doubleValue())));
      }
    }
  }

  // ------------------------------------------------------------------ ResourceQuota

  public static List<FieldError> validateResourceQuota(ResourceQuota quota) {
    List<FieldError> errs = new ArrayList<>();
    ResourceQuotaSpec spec = quota.getSpec();
    validateQuotaList(spec.getHardMap(), "spec.hard", errs);
    validateQuotaList(quota.getStatus().getHardMap(), "status.hard", errs);
    validateQuotaList(quota.getStatus().getUsedMap(), "status.used", errs);
    validateScopes(spec, errs);
    return errs;
  }

  private static void validateQuotaList(Map<String, String> values, String path, List<FieldError> errs) {
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      String name = e.getKey();
      String p = path + "[" + name + "]";
      if (!isQuotaResource(name)) {
        errs.add(FieldError.invalid(p, name, "must be a standard resource for quota"));
      }
      Quantity q = PodValidation.quantity(errs, p, e.getValue());
      if (q != null && isIntegerResource(name) && q.decimalValue().stripTrailingZeros().scale() > 0) {
        errs.add(FieldError.invalid(p, e.getValue(), "must be an integer"));
      }
    }
  }

  private static boolean isQuotaResource(String name) {
    return STANDARD_QUOTA_RESOURCES.contains(name) || name.startsWith("hugepages-")
        || name.startsWith("requests.hugepages-") || name.startsWith("limits.hugepages-") || name.contains("/");
  }

  private static boolean isIntegerResource(String name) {
    return INTEGER_QUOTA_RESOURCES.contains(name) || name.startsWith(QuotaUsage.COUNT_PREFIX)
        || name.endsWith(QuotaUsage.STORAGE_CLASS_SUFFIX + QuotaUsage.CLAIMS);
  }

  private static void validateScopes(ResourceQuotaSpec spec, List<FieldError> errs) {
    Set<String> scopes = new HashSet<>();
    for (int i = 0; i < spec.getScopesCount(); i++) {
      String scope = spec.getScopes(i);
      if (!PodScopes.ALL.contains(scope)) {
        errs.add(FieldError.notSupported("spec.scopes[" + i + "]", scope, PodScopes.ALL));
      }
      scopes.add(scope);
    }
    for (int i = 0; i < spec.getScopeSelector().getMatchExpressionsCount(); i++) {
      ScopedResourceSelectorRequirement r = spec.getScopeSelector().getMatchExpressions(i);
      validateRequirement(r, "spec.scopeSelector.matchExpressions[" + i + "]", errs);
      scopes.add(r.getScopeName());
    }
    if ((scopes.contains(PodScopes.TERMINATING) && scopes.contains(PodScopes.NOT_TERMINATING))
        || (scopes.contains(PodScopes.BEST_EFFORT) && scopes.contains(PodScopes.NOT_BEST_EFFORT))) {
      errs.add(FieldError.invalid("spec.scopes", String.join(",", spec.getScopesList()), "conflicting scopes"));
    }
    for (String scope : scopes) {
      for (String name : new java.util.TreeSet<>(spec.getHardMap().keySet())) {
        if (!validForScope(scope, name)) {
          errs.add(FieldError.invalid("spec.scopes", String.join(",", spec.getScopesList()).isEmpty() ? scope
              : String.join(",", spec.getScopesList()), "unsupported scope applied to resource"));
          return;
        }
      }
    }
  }

  /** Upstream's IsResourceQuotaScopeValidForResource: scoped quotas track pods only. */
  private static boolean validForScope(String scope, String resource) {
    if (scope.equals(PodScopes.BEST_EFFORT)) {
      return resource.equals(QuotaUsage.PODS);
    }
    if (PodScopes.ALL.contains(scope)) {
      return resource.equals(QuotaUsage.PODS) || POD_COMPUTE.contains(resource);
    }
    return true;
  }

  private static void validateRequirement(ScopedResourceSelectorRequirement r, String path, List<FieldError> errs) {
    if (!PodScopes.ALL.contains(r.getScopeName())) {
      errs.add(FieldError.notSupported(path + ".scopeName", r.getScopeName(), PodScopes.ALL));
    }
    List<String> operators = List.of("In", "NotIn", "Exists", "DoesNotExist");
    String op = r.getOperator();
    if (op.isEmpty()) {
      errs.add(FieldError.required(path + ".operator", ""));
      return;
    }
    if (!operators.contains(op)) {
      errs.add(FieldError.notSupported(path + ".operator", op, operators));
      return;
    }
    if (!r.getScopeName().equals(PodScopes.PRIORITY_CLASS) && (op.equals("In") || op.equals("NotIn"))) {
      errs.add(FieldError.invalid(path + ".operator", op, "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, "
          + "ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or "
          + "ResourceQuotaScopeCrossNamespacePodAffinity"));
    }
    boolean needsValues = op.equals("In") || op.equals("NotIn");
    if (needsValues && r.getValuesCount() == 0) {
      errs.add(FieldError.required(path + ".values", "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
    } else if (!needsValues && r.getValuesCount() > 0) {
      errs.add(FieldError.invalid(path + ".values", String.join(",", r.getValuesList()),
          "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
    }
  }
}
