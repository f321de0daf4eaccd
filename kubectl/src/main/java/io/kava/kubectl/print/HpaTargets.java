package io.kava.kubectl.print;

import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.MetricSpec;
import io.kava.api.autoscaling.v2.MetricStatus;
import java.util.ArrayList;
import java.util.List;

/** kubectl's formatHPAMetrics: "cpu: 42%/50%" per metric, "<unknown>" before the first measure. */
public final class HpaTargets {
  private HpaTargets() {}

  public static String format(HorizontalPodAutoscaler hpa) {
    List<MetricSpec> specs = hpa.getSpec().getMetricsList();
    List<MetricStatus> statuses = hpa.getStatus().getCurrentMetricsList();
    if (specs.isEmpty()) {
      return "<none>";
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      list.add(one(specs.get(i), i < statuses.size() ? statuses.get(i) : null));
    }
    if (list.size() > 2) {
      return String.join(", ", list.subList(0, 2)) + " + " + (list.size() - 2) + " more...";
    }
    return String.join(", ", list);
  }

  private static String one(MetricSpec spec, MetricStatus status) {
    var target = spec.getResource().getTarget();
    String name = spec.getResource().getName();
    boolean measured = status != null && status.hasResource();
    if (!target.getAverageValue().isEmpty()) {
      String current = measured ? status.getResource().getCurrent().getAverageValue() : "<unknown>";
      return name + ": " + current + "/" + target.getAverageValue();
    }
    String current = measured && status.getResource().getCurrent().hasAverageUtilization()
        ? status.getResource().getCurrent().getAverageUtilization() + "%" : "<unknown>";
    String goal = target.hasAverageUtilization() ? target.getAverageUtilization() + "%" : "<auto>";
    return name + ": " + current + "/" + goal;
  }
}
