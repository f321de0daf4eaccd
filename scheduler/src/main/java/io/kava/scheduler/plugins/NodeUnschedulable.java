package io.kava.scheduler.plugins;

import io.kava.client.taints.Tolerations;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import java.util.List;

/** Skips cordoned nodes (spec.unschedulable) unless the pod tolerates node.kubernetes.io/unschedulable. */
public final class NodeUnschedulable implements FilterPlugin {
  public static final String REASON = "node(s) were unschedulable";
  private static final FilterResult UNSCHEDULABLE = FilterResult.unresolvable(REASON);
  private static final Taint UNSCHEDULABLE_TAINT =
      Taint.newBuilder().setKey("node.kubernetes.io/unschedulable").setEffect("NoSchedule").build();
  private static final PodFilter CORDONED_REJECTED =
      node -> node.node().getSpec().getUnschedulable() ? UNSCHEDULABLE : FilterResult.SUCCESS;

  @Override
  public String name() {
    return "NodeUnschedulable";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  /** Whether the pod tolerates a cordon is the same on every node. */
  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    return Tolerations.anyTolerates(pod.getSpec().getTolerationsList(), UNSCHEDULABLE_TAINT)
        ? PodFilter.ANY_NODE : CORDONED_REJECTED;
  }
}
