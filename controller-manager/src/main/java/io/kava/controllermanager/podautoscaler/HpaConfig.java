package io.kava.controllermanager.podautoscaler;

import java.time.Duration;

/**
 * The HPA controller's flags, upstream's names and defaults: --horizontal-pod-autoscaler-sync-period,
 * -downscale-stabilization, -tolerance, -cpu-initialization-period, -initial-readiness-delay.
 */
public record HpaConfig(Duration syncPeriod, Duration downscaleStabilization, double tolerance,
    Duration cpuInitializationPeriod, Duration initialReadinessDelay) {

  public static HpaConfig defaults() {
    return new HpaConfig(Duration.ofSeconds(15), Duration.ofMinutes(5), 0.1, Duration.ofMinutes(5),
        Duration.ofSeconds(30));
  }
}
