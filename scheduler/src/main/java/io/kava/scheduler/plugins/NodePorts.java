package io.kava.scheduler.plugins;

import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.HostPorts;
import io.kava.scheduler.framework.NodeInfo;

/** Rejects a node where a pod already holds one of the host ports (port, protocol, host IP) this pod wants. */
public final class NodePorts implements FilterPlugin {
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public String name() {
    return "NodePorts";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    for (ContainerPort port : HostPorts.wanted(pod)) {
      if (nodeInfo.usedPorts().conflicts(port)) {
        return FilterResult.unschedulable(REASON);
      }
    }
    return FilterResult.SUCCESS;
  }
}
