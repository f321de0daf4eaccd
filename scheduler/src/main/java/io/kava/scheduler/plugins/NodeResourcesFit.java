package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PodRequests;
import io.kava.scheduler.framework.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * Does the pod fit in what is left of the node: allocatable minus the requests of the pods already
 * counted on it (bound and assumed)? Upstream's fitsRequest: the pod count always, cpu and memory only
 * when the pod requests them; every shortage is a reason of its own. PreFilter sums the pod's requests
 * once, as upstream's computePodResourceRequest.
 */
public final class NodeResourcesFit implements FilterPlugin {
  public static final String TOO_MANY_PODS = "Too many pods";
  public static final String INSUFFICIENT_CPU = "Insufficient cpu";
  public static final String INSUFFICIENT_MEMORY = "Insufficient memory";

  @Override
  public String name() {
    return "NodeResourcesFit";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    Resources request = PodRequests.of(pod);
    return node -> fits(request, node);
  }

  private static FilterResult fits(Resources request, NodeInfo nodeInfo) {
    boolean tooManyPods = nodeInfo.pods().size() + 1 > nodeInfo.allowedPodNumber();
    boolean noCpu = request.milliCpu() > 0
        && request.milliCpu() > nodeInfo.allocatable().milliCpu() - nodeInfo.requested().milliCpu();
    boolean noMemory = request.memory() > 0
        && request.memory() > nodeInfo.allocatable().memory() - nodeInfo.requested().memory();
    if (!tooManyPods && !noCpu && !noMemory) {
      return FilterResult.SUCCESS;
    }
    List<String> reasons = new ArrayList<>(3);
    if (tooManyPods) {
      reasons.add(TOO_MANY_PODS);
    }
    if (noCpu) {
      reasons.add(INSUFFICIENT_CPU);
    }
    if (noMemory) {
      reasons.add(INSUFFICIENT_MEMORY);
    }
    return FilterResult.unschedulable(reasons);
  }
}
