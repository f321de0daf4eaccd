package io.kava.scheduler.plugins;

import io.kava.client.taints.Tolerations;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;

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
    for (Taint taint : nodeInfo.node().getSpec().getTaintsList()) {
      boolean blocking = taint.getEffect().equals("NoSchedule") || taint.getEffect().equals("NoExecute");
      if (blocking && !Tolerations.anyTolerates(pod.getSpec().getTolerationsList(), taint)) {
        return FilterResult.unschedulable(reason(taint));
      }
    }
    return FilterResult.SUCCESS;
  }

  public static String reason(Taint taint) {
    return "node(s) had untolerated taint {" + taint.getKey() + ": " + taint.getValue() + "}";
  }
}
