package io.kava.controllermanager.nodelifecycle;

import io.kava.api.core.v1.Node;
import java.util.Collection;

/** A zone's health as upstream's ComputeZoneState sees it, and the zone a node belongs to. */
enum ZoneState {
  INITIAL, NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION;

  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String REGION_LABEL = "topology.kubernetes.io/region";

  /** Upstream's GetZoneKey: region and zone together ("" for a node with neither label). */
  static String zoneOf(Node node) {
    var labels = node.getMetadata().getLabelsMap();
    String region = labels.getOrDefault(REGION_LABEL, "");
    String zone = labels.getOrDefault(ZONE_LABEL, "");
    return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
  }

  /**
   * Full disruption: no node of the zone is Ready. Partial: more than 2 are not, and at least
   * {@code unhealthyThreshold} of them. Otherwise normal. {@code readyStatuses} holds each node's
   * Ready status ("" when it has none).
   */
  static ZoneState of(Collection<String> readyStatuses, double unhealthyThreshold) {
    int ready = 0;
    int notReady = 0;
    for (String status : readyStatuses) {
      if ("True".equals(status)) {
        ready++;
      } else {
        notReady++;
      }
    }
    if (ready == 0 && notReady > 0) {
      return FULL_DISRUPTION;
    }
    if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
      return PARTIAL_DISRUPTION;
    }
    return NORMAL;
  }

  /** The tainting rate of a zone in this state (upstream setLimiterInZone). */
  double evictionRate(int zoneSize, NodeLifecycleConfig config) {
    return switch (this) {
      case PARTIAL_DISRUPTION -> zoneSize > config.largeClusterSizeThreshold() ? config.secondaryEvictionRate() : 0;
      default -> config.evictionRate();
    };
  }
}
