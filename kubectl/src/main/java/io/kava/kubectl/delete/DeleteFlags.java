package io.kava.kubectl.delete;

import io.kava.client.DeleteOptions;
import io.kava.kubectl.CliException;
import java.util.Locale;

/** --grace-period (negative: the object's own), --cascade and --ignore-not-found of `kavactl delete`. */
public record DeleteFlags(long gracePeriodSeconds, String cascade, boolean ignoreNotFound) {

  public DeleteOptions toOptions() {
    return new DeleteOptions(gracePeriodSeconds >= 0 ? gracePeriodSeconds : null, propagation(cascade), "");
  }

  /** --cascade=background|foreground|orphan (and the old true/false) as a propagation policy. */
  static String propagation(String cascade) {
    String c = cascade == null ? "background" : cascade.toLowerCase(Locale.ROOT);
    return switch (c) {
      case "background", "true", "" -> "Background";
      case "foreground" -> "Foreground";
      case "orphan", "false" -> "Orphan";
      default -> throw CliException.error("invalid cascade value (" + cascade
          + "). Must be \"background\", \"foreground\", or \"orphan\"");
    };
  }
}
