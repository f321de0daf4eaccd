package io.kava.controllermanager.job;

import java.time.Duration;

/** Upstream getBackoff: the delay before the next pod after {@code failures} failures in a row. */
final class JobBackoff {
  private JobBackoff() {}

  static Duration delay(JobConfig config, int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    Duration d = config.podFailureBackoff();
    for (int i = 1; i < failures; i++) {
      d = d.multipliedBy(2);
      if (d.compareTo(config.maxPodFailureBackoff()) >= 0) {
        return config.maxPodFailureBackoff();
      }
    }
    return d.compareTo(config.maxPodFailureBackoff()) > 0 ? config.maxPodFailureBackoff() : d;
  }
}
