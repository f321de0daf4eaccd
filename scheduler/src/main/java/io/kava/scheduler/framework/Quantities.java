package io.kava.scheduler.framework;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Reads resource quantities ("500m", "128Mi", "2", "1e3"). A stand-in with the contract of
 * io.kava.client.quantity.Quantity (parse, milliValue, value: both rounded up, as upstream); it goes
 * once that class is in main.
 */
public final class Quantities {
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
      Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  private Quantities() {}

  /** Thousandths of the quantity, rounded up ("100m" cpu -> 100, "1" -> 1000). */
  public static long milliValue(String text) {
    return toLong(parse(text).movePointRight(3));
  }

  /** The quantity in whole units, rounded up ("128Mi" -> 134217728). */
  public static long value(String text) {
    return toLong(parse(text));
  }

  static BigDecimal parse(String text) {
    String t = text == null ? "" : text.trim();
    int end = t.length();
    while (end > 0 && Character.isLetter(t.charAt(end - 1))) {
      end--;
    }
    String number = t.substring(0, end);
    String suffix = t.substring(end);
    // A decimal exponent ("1e3") has no letter at the end, so it stays in number for BigDecimal.
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null || number.isEmpty()) {
      throw new IllegalArgumentException("Invalid quantity \"" + text + "\"");
    }
    return parseNumber(number, text).multiply(multiplier);
  }

  private static BigDecimal parseNumber(String number, String original) {
    try {
      return new BigDecimal(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid quantity \"" + original + "\"", e);
    }
  }

  private static long toLong(BigDecimal value) {
    BigDecimal rounded = value.setScale(0, RoundingMode.CEILING);
    if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Long.MAX_VALUE;
    }
    return rounded.longValue();
  }
}
