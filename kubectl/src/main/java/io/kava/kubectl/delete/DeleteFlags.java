package io.kava.kubectl.delete;

import io.kava.client.DeleteOptions;
import io.kava.kubectl.CliException;
import java.time.Duration;
import java.util.Locale;

/**
 * --grace-period (negative: the object's own), --force, --now, --cascade, --ignore-not-found, --wait and
 * --timeout of `kavactl delete`, read as upstream's DeleteFlags.
 */
public record DeleteFlags(long gracePeriodSeconds, String cascade, boolean ignoreNotFound, boolean force,
    boolean waitForDeletion, Duration timeout) {
  /** What --timeout 0 means: upstream waits a week. */
  static final Duration FOREVER = Duration.ofDays(7);

  public DeleteFlags(long gracePeriodSeconds, String cascade, boolean ignoreNotFound) {
    this(gracePeriodSeconds, cascade, ignoreNotFound, false, false, Duration.ZERO);
  }

  /**
   * As upstream: --grace-period=0 without --force becomes 1 (no accidental immediate deletion); --force
   * without a grace period is 0; --now is 1 and excludes --grace-period.
   */
  public static DeleteFlags of(long gracePeriod, boolean force, boolean now, String cascade, boolean ignoreNotFound,
      boolean waitForDeletion, Duration timeout) {
    long grace = gracePeriod;
    if (now) {
      if (grace != -1) {
        throw CliException.error("--now and --grace-period cannot be specified together");
      }
      grace = 1;
    }
    if (grace == 0 && !force) {
      grace = 1;
    }
    if (force && grace < 0) {
      grace = 0;
    }
    return new DeleteFlags(grace, cascade, ignoreNotFound, force, waitForDeletion, timeout);
  }

  /** --force with a zero grace period: the warning line and "force deleted". */
  public boolean forced() {
    return force && gracePeriodSeconds == 0;
  }

  /** How long --wait waits. */
  public Duration waitTimeout() {
    return timeout.isZero() ? FOREVER : timeout;
  }

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
