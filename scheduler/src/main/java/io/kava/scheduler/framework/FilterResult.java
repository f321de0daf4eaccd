package io.kava.scheduler.framework;

import java.util.List;

/**
 * A filter's verdict: success, or the reasons the node was rejected (one plugin may give several).
 * UNRESOLVABLE is upstream's UnschedulableAndUnresolvable: removing pods from the node cannot change
 * the verdict (node affinity, taints, a cordon), so preemption skips the node.
 */
public record FilterResult(List<String> reasons, boolean unresolvable) {
  public static final FilterResult SUCCESS = new FilterResult(List.of(), false);

  public FilterResult {
    reasons = List.copyOf(reasons);
  }

  public FilterResult(List<String> reasons) {
    this(reasons, false);
  }

  public static FilterResult unschedulable(String... reasons) {
    if (reasons.length == 0) {
      throw new IllegalArgumentException("A rejection needs a reason");
    }
    return new FilterResult(List.of(reasons), false);
  }

  public static FilterResult unschedulable(List<String> reasons) {
    return reasons.isEmpty() ? SUCCESS : new FilterResult(reasons, false);
  }

  /** A rejection that preemption cannot resolve (upstream's UnschedulableAndUnresolvable). */
  public static FilterResult unresolvable(String... reasons) {
    if (reasons.length == 0) {
      throw new IllegalArgumentException("A rejection needs a reason");
    }
    return new FilterResult(List.of(reasons), true);
  }

  public boolean isSuccess() {
    return reasons.isEmpty();
  }
}
