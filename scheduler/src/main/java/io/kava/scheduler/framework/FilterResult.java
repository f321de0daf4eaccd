package io.kava.scheduler.framework;

import java.util.List;

/** A filter's verdict: success, or the reasons the node was rejected (one plugin may give several). */
public record FilterResult(List<String> reasons) {
  public static final FilterResult SUCCESS = new FilterResult(List.of());

  public FilterResult {
    reasons = List.copyOf(reasons);
  }

  public static FilterResult unschedulable(String... reasons) {
    if (reasons.length == 0) {
      throw new IllegalArgumentException("A rejection needs a reason");
    }
    return new FilterResult(List.of(reasons));
  }

  public static FilterResult unschedulable(List<String> reasons) {
    return reasons.isEmpty() ? SUCCESS : new FilterResult(reasons);
  }

  public boolean isSuccess() {
    return reasons.isEmpty();
  }
}
