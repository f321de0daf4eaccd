package io.kava.client.taints;

import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import java.util.List;

/** Upstream's toleration matching (core/v1 Toleration.ToleratesTaint). */
public final class Tolerations {
  private Tolerations() {}

  /**
   * An empty effect matches every effect; an empty key (only valid with Exists) matches every key;
   * operator Exists ignores the value, Equal (or empty) needs the same value.
   */
  public static boolean tolerates(Toleration toleration, Taint taint) {
    if (!toleration.getEffect().isEmpty() && !toleration.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (!toleration.getKey().isEmpty() && !toleration.getKey().equals(taint.getKey())) {
      return false;
    }
    return switch (toleration.getOperator()) {
      case "", "Equal" -> toleration.getValue().equals(taint.getValue());
      case "Exists" -> true;
      default -> false;
    };
  }

  public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
    for (Toleration t : tolerations) {
      if (tolerates(t, taint)) {
        return true;
      }
    }
    return false;
  }
}
