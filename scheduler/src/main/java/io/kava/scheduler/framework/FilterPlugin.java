package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;

/**
 * Upstream's Filter extension point: may this pod run on this node? A pure function of its arguments,
 * so plugins are tested without a cluster. A rejection names its reasons in upstream's wording
 * ("Insufficient cpu"); the scheduler counts them over all nodes for the PodScheduled message.
 */
public interface FilterPlugin {
  String name();

  FilterResult filter(Pod pod, NodeInfo nodeInfo);
}
