package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;

/**
 * Rejects nodes whose Ready condition is not True (upstream's old CheckNodeCondition predicate; today
 * upstream does it with the node.kubernetes.io/not-ready taint, which Kava's kubelet may not set).
 */
public final class NodeReady implements FilterPlugin {
  public static final String REASON = "node(s) were not ready";
  private static final FilterResult NOT_READY = FilterResult.unresolvable(REASON);

  @Override
  public String name() {
    return "NodeReady";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return nodeInfo.ready() ? FilterResult.SUCCESS : NOT_READY;
  }
}
