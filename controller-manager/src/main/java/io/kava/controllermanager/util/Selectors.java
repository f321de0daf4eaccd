package io.kava.controllermanager.util;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.util.Map;

/**
 * An object's label selector (matchLabels and matchExpressions) for workload controllers, on top of
 * {@link LabelSelectors} (upstream LabelSelectorAsSelector semantics). An empty selector matches
 * everything; workload controllers must refuse one themselves (upstream validation rejects it for
 * apps/v1 kinds), see {@link #isEmpty}.
 */
public final class Selectors {
  private Selectors() {}

  public static boolean isEmpty(LabelSelector selector) {
    return selector.getMatchLabelsCount() == 0 && selector.getMatchExpressionsCount() == 0;
  }

  /** Parses once for matching many objects; throws IllegalArgumentException saying what is wrong. */
  public static Selector of(LabelSelector selector) {
    return LabelSelectors.fromProto(selector);
  }

  /** Throws IllegalArgumentException saying what is wrong for an invalid selector. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return of(selector).matches(labels);
  }

  /**
   * Whether a workload's selector picks these labels, the way controllers look for owners: an empty
   * selector picks nothing, and a broken one picks nothing either (its own sync reports it).
   */
  public static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (isEmpty(selector)) {
      return false;
    }
    try {
      return matches(selector, labels);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Checks the selector once so callers can report a broken one instead of failing on every object. */
  public static void validate(LabelSelector selector) {
    of(selector);
  }
}
