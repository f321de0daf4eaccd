package io.kava.scheduler.plugins;

import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.HostPorts;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import java.util.List;

/** Rejects a node where a pod already holds one of the host ports (port, protocol, host IP) this pod wants. */
public final class NodePorts implements FilterPlugin {
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
  private static final FilterResult CONFLICT = FilterResult.unschedulable(REASON);

  @Override
  public String name() {
    return "NodePorts";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  /** The pod's host ports, gathered once; most pods have none and pass every node. */
  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    List<ContainerPort> wanted = HostPorts.wanted(pod);
    if (wanted.isEmpty()) {
      return PodFilter.ANY_NODE;
    }
    return node -> {
      for (ContainerPort port : wanted) {
        if (node.usedPorts().conflicts(port)) {
          return CONFLICT;
        }
      }
      return FilterResult.SUCCESS;
    };
  }
}
