package io.kava.scheduler.plugins;

import io.kava.client.taints.Tolerations;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import java.util.List;

/**
 * Every NoSchedule and NoExecute taint of the node must be tolerated (PreferNoSchedule only steers
 * scoring upstream). The message names the first untolerated taint, in upstream's wording.
 */
public final class TaintToleration implements FilterPlugin {
  @Override
  public String name() {
    return "TaintToleration";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    List<Toleration> tolerations = pod.getSpec().getTolerationsList();
    return node -> {
      for (Taint taint : node.node().getSpec().getTaintsList()) {
        boolean blocking = taint.getEffect().equals("NoSchedule") || taint.getEffect().equals("NoExecute");
        if (blocking && !Tolerations.anyTolerates(tolerations, taint)) {
          return FilterResult.unresolvable(reason(taint));
        }
      }
      return FilterResult.SUCCESS;
    };
  }

  public static String reason(Taint taint) {
    return "node(s) had untolerated taint {" + taint.getKey() + ": " + taint.getValue() + "}";
  }
}
