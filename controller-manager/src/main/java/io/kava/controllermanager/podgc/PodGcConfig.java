package io.kava.controllermanager.podgc;

import java.time.Duration;

/**
 * Pod garbage collection settings, upstream's defaults.
 *
 * @param terminatedPodThreshold terminated pods kept before the oldest are deleted; 0 or less keeps
 *     them all (--terminated-pod-gc-threshold)
 * @param period how often the collector runs (upstream gcCheckPeriod)
 * @param quarantine how long a pod's node must have been missing before the pod is deleted
 */
public record PodGcConfig(int terminatedPodThreshold, Duration period, Duration quarantine) {
  public static PodGcConfig defaults() {
    return new PodGcConfig(12_500, Duration.ofSeconds(20), Duration.ofSeconds(40));
  }
}
