package io.kava.kubelet.pod;

import java.time.Duration;

/** The earliest moment a sync asked to be run again (a backoff ending, a container to restart). */
final class Requeue {
  private Duration after;

  void after(Duration d) {
    if (d == null) {
      return;
    }
    Duration nonNegative = d.isNegative() ? Duration.ZERO : d;
    if (after == null || nonNegative.compareTo(after) < 0) {
      after = nonNegative;
    }
  }

  /** Null when nothing asked for an earlier sync than the periodic one. */
  Duration value() {
    return after;
  }
}
