package io.kava.kubelet.status;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 in UTC with whole seconds, as upstream's metav1.Time. */
public final class Timestamps {
  private Timestamps() {}

  public static String format(Instant instant) {
    return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
