package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.client.quantity.Quantity;
import java.math.RoundingMode;

/** A container's cpu and memory limits as Docker wants them: NanoCpus and bytes. */
public final class ResourceLimits {
  private ResourceLimits() {}

  /** The cpu limit in billionths of a CPU ("500m" -> 500000000), 0 when unset. */
  public static long nanoCpus(Container c) {
    String cpu = c.getResources().getLimitsMap().get("cpu");
    return cpu == null ? 0
        : Quantity.parse(cpu).decimalValue().movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** The memory limit in bytes ("128Mi" -> 134217728), 0 when unset. */
  public static long memoryBytes(Container c) {
    String memory = c.getResources().getLimitsMap().get("memory");
    return memory == null ? 0 : Quantity.parse(memory).bytesValue();
  }

  /** Whether two quantities are equal in value ("1" and "1000m"); malformed text compares as text. */
  public static boolean sameQuantity(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    Quantity qa = Quantity.parseOrNull(a);
    Quantity qb = Quantity.parseOrNull(b);
    return qa != null && qb != null ? qa.compareTo(qb) == 0 : a.equals(b);
  }
}
