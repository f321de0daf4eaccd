package io.kava.kubelet.status;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.kubelet.pod.ResourceLimits;
import java.util.ArrayList;
import java.util.List;

/** Upstream's QoS classes: Guaranteed (limits = requests for cpu and memory everywhere), BestEffort, Burstable. */
public final class QosClasses {
  private QosClasses() {}

  public static String of(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getContainersList());
    all.addAll(spec.getInitContainersList());
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : all) {
      ResourceRequirements r = c.getResources();
      any |= !r.getLimitsMap().isEmpty() || !r.getRequestsMap().isEmpty();
      for (String resource : List.of("cpu", "memory")) {
        String limit = r.getLimitsMap().get(resource);
        String request = r.getRequestsMap().getOrDefault(resource, limit);
        if (limit == null || !ResourceLimits.sameQuantity(limit, request)) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }
}
