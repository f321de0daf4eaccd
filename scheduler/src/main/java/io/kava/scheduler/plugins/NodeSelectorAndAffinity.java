package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.client.selector.NodeSelectors;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;

/**
 * Upstream's NodeAffinity filter: the node must carry every spec.nodeSelector label and match
 * spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution (preferred terms only
 * score upstream and are not used here).
 */
public final class NodeSelectorAndAffinity implements FilterPlugin {
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public String name() {
    return "NodeAffinity";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return matches(pod.getSpec(), nodeInfo.node()) ? FilterResult.SUCCESS : FilterResult.unschedulable(REASON);
  }

  static boolean matches(PodSpec spec, Node node) {
    return NodeSelectors.matchesPod(spec, node);
  }
}
