package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import java.util.List;

/**
 * Upstream's Filter extension point: may this pod run on this node? A pure function of its arguments,
 * so plugins are tested without a cluster. A rejection names its reasons in upstream's wording
 * ("Insufficient cpu"); the scheduler counts them over all nodes for the PodScheduled message.
 */
public interface FilterPlugin {
  String name();

  FilterResult filter(Pod pod, NodeInfo nodeInfo);

  /**
   * Upstream's PreFilter: runs once per cycle over every node before any is filtered, and writes into
   * the state what {@link #filter(CycleState, Pod, NodeInfo)} needs (counts over the whole cluster).
   * The default needs nothing.
   */
  default void preFilter(CycleState state, Pod pod, List<NodeInfo> allNodes) {}

  /** The filter with the cycle's state; the default ignores it. */
  default FilterResult filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
    return filter(pod, nodeInfo);
  }
}
