package io.kava.client.flags;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations as upstream's flags take them, Go's time.ParseDuration: a sequence of decimal numbers, each
 * with a unit ("500ms", "10s", "1m30s", "1.5h", ".5s"); units ns, us (or µs), ms, s, m, h; "0" alone
 * needs no unit. Unlike Go, negative durations are refused (no flag wants one) and surrounding blanks
 * are ignored.
 */
public final class GoDurations {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L, // µ, micro sign, as Go accepts
      "\u03bcs", 1_000L, // μ, Greek small letter mu, as Go accepts
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);
  /** Go's limit: a time.Duration is an int64 of nanoseconds (about 290 years). */
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDurations() {}

  /** The duration the text names; IllegalArgumentException naming the text if it names none. */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    boolean negative = false;
    int i = 0;
    if (t.startsWith("-") || t.startsWith("+")) {
      negative = t.charAt(0) == '-';
      i = 1;
    }
    if (t.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == t.length()) {
      throw invalid(text);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    while (i < t.length()) {
      int numberStart = i;
      while (i < t.length() && (isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
        i++;
      }
      String number = t.substring(numberStart, i);
      int unitStart = i;
      while (i < t.length() && !isDigit(t.charAt(i)) && t.charAt(i) != '.') {
        i++;
      }
      Long unit = NANOS_PER_UNIT.get(t.substring(unitStart, i));
      if (unit == null || !isDecimal(number)) {
        throw invalid(text);
      }
      // Each part is truncated to whole nanoseconds, as Go does.
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.DOWN));
      if (nanos.compareTo(MAX_NANOS) > 0) {
        throw new IllegalArgumentException("invalid duration \"" + text + "\": longer than the most allowed, 2562047h");
      }
    }
    if (negative && nanos.signum() != 0) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\": must not be negative");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /** Digits with at most one point and at least one digit: "10", "1.5", ".5", "1." as Go takes them. */
  private static boolean isDecimal(String number) {
    int point = number.indexOf('.');
    return !number.isEmpty() && !number.equals(".") && (point < 0 || number.indexOf('.', point + 1) < 0);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration \"" + text + "\": use a number with a unit, e.g. 500ms, 10s, 1m30s");
  }

  /** Go's Duration.String() for whole milliseconds and up: "5s", "1m30s", "2h0m0s", "500ms", "0s". */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms < 1000) {
      return ms + "ms";
    }
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long rest = ms % 60_000;
    String seconds = rest % 1000 == 0 ? Long.toString(rest / 1000)
        : BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString();
    if (h > 0) {
      return h + "h" + m + "m" + seconds + "s";
    }
    return m > 0 ? m + "m" + seconds + "s" : seconds + "s";
  }
}
