package io.kava.controllermanager.nodelifecycle;

import java.time.Duration;

/**
 * The node lifecycle controller's flags, with upstream's defaults.
 *
 * @param monitorPeriod how often every node's health is checked (--node-monitor-period)
 * @param gracePeriod how long a node may go without a renewed Lease or status before it is Unknown
 *     (--node-monitor-grace-period)
 * @param startupGracePeriod the same for a node that never posted a Ready condition
 *     (--node-startup-grace-period)
 * @param evictionRate nodes per second that get the NoExecute taint in a healthy zone (--node-eviction-rate)
 * @param secondaryEvictionRate the same in a partially disrupted large zone (--secondary-node-eviction-rate)
 * @param unhealthyZoneThreshold share of NotReady nodes (with more than 2) that makes a zone partially
 *     disrupted (--unhealthy-zone-threshold)
 * @param largeClusterSizeThreshold zones with more nodes than this keep the secondary rate when
 *     partially disrupted, smaller ones stop (--large-cluster-size-threshold)
 */
public record NodeLifecycleConfig(
    Duration monitorPeriod,
    Duration gracePeriod,
    Duration startupGracePeriod,
    double evictionRate,
    double secondaryEvictionRate,
    double unhealthyZoneThreshold,
    int largeClusterSizeThreshold) {

  public static NodeLifecycleConfig defaults() {
    return new NodeLifecycleConfig(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofMinutes(1),
        0.1, 0.01, 0.55, 50);
  }

  public NodeLifecycleConfig withGracePeriod(Duration grace) {
    return new NodeLifecycleConfig(monitorPeriod, grace, startupGracePeriod, evictionRate, secondaryEvictionRate,
        unhealthyZoneThreshold, largeClusterSizeThreshold);
  }

  public NodeLifecycleConfig withMonitorPeriod(Duration period) {
    return new NodeLifecycleConfig(period, gracePeriod, startupGracePeriod, evictionRate, secondaryEvictionRate,
        unhealthyZoneThreshold, largeClusterSizeThreshold);
  }
}
