package io.kava.client.quota;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.client.quantity.Quantity;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a pod asks for (requests) and may use at most (limits), per resource, as upstream's
 * resourcehelper.PodRequests and PodLimits: the sum over its containers, at least the largest init
 * container (sidecars, init containers with restartPolicy Always, keep running and add up), plus the
 * pod's overhead. The quota and the LimitRanger count pods with it.
 */
public final class PodResources {
  private PodResources() {}

  public static Map<String, Quantity> requests(PodSpec spec) {
    return total(spec, c -> c.getResources().getRequestsMap());
  }

  public static Map<String, Quantity> limits(PodSpec spec) {
    return total(spec, c -> c.getResources().getLimitsMap());
  }

  private static Map<String, Quantity> total(PodSpec spec, Function<Container, Map<String, String>> of) {
    Map<String, Quantity> sum = new TreeMap<>();
    for (Container c : spec.getContainersList()) {
      sum = ResourceLists.add(sum, ResourceLists.parse(of.apply(c)));
    }
    Map<String, Quantity> sidecars = new TreeMap<>();
    Map<String, Quantity> init = new TreeMap<>();
    for (Container c : spec.getInitContainersList()) {
      Map<String, Quantity> own = ResourceLists.parse(of.apply(c));
      if ("Always".equals(c.getRestartPolicy())) {
        sum = ResourceLists.add(sum, own);
        sidecars = ResourceLists.add(sidecars, own);
        init = max(init, sidecars);
      } else {
        init = max(init, ResourceLists.add(own, sidecars));
      }
    }
    sum = max(sum, init);
    return ResourceLists.add(sum, ResourceLists.parse(spec.getOverheadMap()));
  }

  /** The larger value per name. */
  static Map<String, Quantity> max(Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, Quantity> out = new TreeMap<>(a);
    b.forEach((name, q) -> out.merge(name, q, (x, y) -> x.compareTo(y) >= 0 ? x : y));
    return out;
  }
}
