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
   * Upstream's PreFilter: what this plugin works out once per pod and scheduling cycle (a compiled node
   * affinity, the pod's requests, counts over ALL_NODES) before the nodes are filtered. The returned
   * filter must give {@link #filter}'s verdict for every node, and is called from several threads at
   * once. The default asks {@link #filter} for each node.
   */
  default PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    return node -> filter(pod, node);
  }
}
