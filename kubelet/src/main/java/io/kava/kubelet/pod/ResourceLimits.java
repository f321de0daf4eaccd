package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** A container's cpu and memory limits as Docker wants them: NanoCpus and bytes. */
public final class ResourceLimits {
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
      Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  private ResourceLimits() {}

  /** The cpu limit in billionths of a CPU ("500m" -> 500000000), 0 when unset. */
  public static long nanoCpus(Container c) {
    String cpu = c.getResources().getLimitsMap().get("cpu");
    return cpu == null ? 0 : parse(cpu).movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** The memory limit in bytes ("128Mi" -> 134217728), 0 when unset. */
  public static long memoryBytes(Container c) {
    String memory = c.getResources().getLimitsMap().get("memory");
    return memory == null ? 0 : parse(memory).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Whether two quantities are equal in value ("1" and "1000m"); malformed text compares as text. */
  public static boolean sameQuantity(String resource, String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return parse(a).compareTo(parse(b)) == 0;
    } catch (IllegalArgumentException e) {
      return a.equals(b);
    }
  }

  /** Parses a Kubernetes quantity ("500m", "1.5", "128Mi", "1e3") to its value. */
  public static BigDecimal parse(String quantity) {
    String q = quantity.trim();
    int end = q.length();
    while (end > 0 && Character.isLetter(q.charAt(end - 1)) && !isExponent(q, end - 1)) {
      end--;
    }
    String number = q.substring(0, end);
    String suffix = q.substring(end);
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null || number.isEmpty()) {
      throw new IllegalArgumentException("invalid quantity \"" + quantity + "\"");
    }
    try {
      return new BigDecimal(number).multiply(multiplier);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid quantity \"" + quantity + "\"");
    }
  }

  /** The "e" of "1e3" is an exponent, the "E" of "1E" a suffix: an exponent has digits after it. */
  private static boolean isExponent(String q, int i) {
    return (q.charAt(i) == 'e' || q.charAt(i) == 'E') && i + 1 < q.length() && Character.isDigit(q.charAt(i + 1));
  }
}
