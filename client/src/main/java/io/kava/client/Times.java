package io.kava.client;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Kubernetes timestamps: RFC 3339 in UTC, whole seconds for Time, microseconds for MicroTime. */
public final class Times {
  private Times() {}

  /** "2026-11-25T22:10:15Z", as upstream metav1.Time. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** "2026-11-25T22:10:15.123456Z", as upstream metav1.MicroTime (leases, events). */
  public static String formatMicro(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    String s = DateTimeFormatter.ISO_INSTANT.format(micros);
    // ISO_INSTANT drops trailing zero groups; MicroTime always has six digits.
    int dot = s.indexOf('.');
    String fraction = dot < 0 ? "" : s.substring(dot + 1, s.length() - 1);
    String base = dot < 0 ? s.substring(0, s.length() - 1) : s.substring(0, dot);
    return base + "." + (fraction + "000000").substring(0, 6) + "Z";
  }

  public static String now() {
    return format(Instant.now());
  }

  public static String nowMicro() {
    return formatMicro(Instant.now());
  }

  /** Parses an RFC 3339 timestamp; null for empty or malformed text. */
  public static Instant parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
