package io.kava.apiserver.registry;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.client.quantity.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Upstream's pod QoS class: Guaranteed, Burstable or BestEffort, from cpu and memory requests and limits. */
final class QosClass {
  private QosClass() {}

  static String of(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getContainersList());
    all.addAll(spec.getInitContainersList());
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : all) {
      Map<String, String> requests = c.getResources().getRequestsMap();
      Map<String, String> limits = c.getResources().getLimitsMap();
      for (String resource : List.of("cpu", "memory")) {
        Quantity request = parse(requests.get(resource));
        Quantity limit = parse(limits.get(resource));
        if ((request != null && !request.isZero()) || (limit != null && !limit.isZero())) {
          any = true;
        }
        if (limit == null || limit.isZero() || (request != null && !request.equals(limit))) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static Quantity parse(String text) {
    return text == null ? null : Quantity.parseOrNull(text);
  }
}
