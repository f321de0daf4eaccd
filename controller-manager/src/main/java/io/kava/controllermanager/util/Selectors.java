package io.kava.controllermanager.util;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import java.util.Map;

/**
 * Matches a metav1 LabelSelector (matchLabels and matchExpressions) against labels, as upstream's
 * LabelSelectorAsSelector. An empty selector matches everything; workload controllers must refuse one
 * themselves (upstream validation rejects it for apps/v1 kinds), see {@link #isEmpty}.
 *
 * <p>Stand-in until io.kava.client.selector.LabelSelectors (owned by the api-server helper) is in main.
 */
public final class Selectors {
  private Selectors() {}

  public static boolean isEmpty(LabelSelector selector) {
    return selector.getMatchLabelsCount() == 0 && selector.getMatchExpressionsCount() == 0;
  }

  /** Throws IllegalArgumentException naming the offending requirement for an invalid selector. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.getMatchLabelsMap().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (int i = 0; i < selector.getMatchExpressionsCount(); i++) {
      if (!matches(selector.getMatchExpressions(i), i, labels)) {
        return false;
      }
    }
    return true;
  }

  /** Checks the selector once so callers can report a broken one instead of failing on every pod. */
  public static void validate(LabelSelector selector) {
    for (int i = 0; i < selector.getMatchExpressionsCount(); i++) {
      matches(selector.getMatchExpressions(i), i, Map.of());
    }
  }

  private static boolean matches(LabelSelectorRequirement r, int index, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    switch (r.getOperator()) {
      case "In" -> {
        requireValues(r, index);
        return value != null && r.getValuesList().contains(value);
      }
      case "NotIn" -> {
        requireValues(r, index);
        return value == null || !r.getValuesList().contains(value);
      }
      case "Exists" -> {
        return value != null;
      }
      case "DoesNotExist" -> {
        return value == null;
      }
      default -> throw new IllegalArgumentException("matchExpressions[" + index + "].operator: unsupported value \""
          + r.getOperator() + "\" (In, NotIn, Exists, DoesNotExist)");
    }
  }

  private static void requireValues(LabelSelectorRequirement r, int index) {
    if (r.getValuesCount() == 0) {
      throw new IllegalArgumentException("matchExpressions[" + index + "].values: must be non-empty for operator "
          + r.getOperator());
    }
  }
}
