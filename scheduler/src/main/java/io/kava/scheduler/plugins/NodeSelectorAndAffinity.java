package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.client.selector.NodeMatcher;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import java.util.List;

/**
 * Upstream's NodeAffinity filter: the node must carry every spec.nodeSelector label and match
 * spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution (preferred terms only
 * score upstream and are not used here). PreFilter compiles both once per pod, as upstream does.
 */
public final class NodeSelectorAndAffinity implements FilterPlugin {
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
  private static final FilterResult MISMATCH = FilterResult.unschedulable(REASON);

  @Override
  public String name() {
    return "NodeAffinity";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    NodeMatcher matcher = NodeMatcher.of(pod.getSpec());
    if (matcher == NodeMatcher.ANY) {
      return PodFilter.ANY_NODE;
    }
    return node -> matcher.matches(node.name(), node.labels()) ? FilterResult.SUCCESS : MISMATCH;
  }
}
