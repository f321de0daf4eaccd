package io.kava.controllermanager.job;

import java.time.Duration;

/**
 * The Job controller's retry delay: {@code base} after the first failure, doubled on each further
 * one, at most {@code max} (upstream DefaultJobPodFailureBackOff 10s and MaxJobPodFailureBackOff 6m).
 */
public record JobConfig(Duration podFailureBackoff, Duration maxPodFailureBackoff) {
  public static JobConfig defaults() {
    return new JobConfig(Duration.ofSeconds(10), Duration.ofMinutes(6));
  }
}
