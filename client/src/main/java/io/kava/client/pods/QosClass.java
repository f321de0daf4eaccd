package io.kava.client.pods;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.client.quantity.Quantity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's ComputePodQOS, the one place both the API server (at create) and the kubelet (in status)
 * take a pod's QoS class from. Only cpu and memory count, and only quantities above zero: BestEffort
 * when no container asks for either; Guaranteed when every container limits both and the pod's summed
 * requests equal its summed limits; Burstable otherwise.
 */
public final class QosClass {
  public static final String GUARANTEED = "Guaranteed";
  public static final String BURSTABLE = "Burstable";
  public static final String BEST_EFFORT = "BestEffort";
  private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");

  private QosClass() {}

  public static String of(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getContainersList());
    all.addAll(spec.getInitContainersList());
    Map<String, Quantity> requests = new HashMap<>();
    Map<String, Quantity> limits = new HashMap<>();
    boolean guaranteed = true;
    for (Container c : all) {
      sumPositive(c.getResources().getRequestsMap(), requests);
      int limited = sumPositive(c.getResources().getLimitsMap(), limits);
      if (limited < QOS_RESOURCES.size()) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return BEST_EFFORT;
    }
    if (guaranteed) {
      for (Map.Entry<String, Quantity> r : requests.entrySet()) {
        Quantity limit = limits.get(r.getKey());
        if (limit == null || limit.compareTo(r.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
  }

  /** Adds the container's positive cpu and memory quantities to the sums; returns how many it had. */
  private static int sumPositive(Map<String, String> values, Map<String, Quantity> sums) {
    int found = 0;
    for (String resource : QOS_RESOURCES) {
      Quantity q = values.containsKey(resource) ? Quantity.parseOrNull(values.get(resource)) : null;
      if (q != null && q.signum() > 0) {
        found++;
        sums.merge(resource, q, Quantity::add);
      }
    }
    return found;
  }
}
