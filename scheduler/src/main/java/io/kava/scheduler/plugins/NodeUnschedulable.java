package io.kava.scheduler.plugins;

import io.kava.client.taints.Tolerations;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;

/** Skips cordoned nodes (spec.unschedulable) unless the pod tolerates node.kubernetes.io/unschedulable. */
public final class NodeUnschedulable implements FilterPlugin {
  public static final String REASON = "node(s) were unschedulable";
  private static final Taint UNSCHEDULABLE_TAINT =
      Taint.newBuilder().setKey("node.kubernetes.io/unschedulable").setEffect("NoSchedule").build();

  @Override
  public String name() {
    return "NodeUnschedulable";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    if (nodeInfo.node().getSpec().getUnschedulable()
        && !Tolerations.anyTolerates(pod.getSpec().getTolerationsList(), UNSCHEDULABLE_TAINT)) {
      return FilterResult.unschedulable(REASON);
    }
    return FilterResult.SUCCESS;
  }
}
