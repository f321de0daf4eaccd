package io.kava.kubectl.describe;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Secret;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.kubectl.print.KindTables;
import io.kava.kubectl.print.Selectors;
import java.util.TreeMap;

/** describe configmap, secret, namespace and poddisruptionbudget. */
final class OtherDescribers {
  private OtherDescribers() {}

  static void configMap(DescribeWriter w, ConfigMap cm) {
    Describer.header(w, cm.getMetadata(), true);
    w.flush();
    w.line(0, "");
    w.line(0, "Data");
    w.line(0, "====");
    new TreeMap<>(cm.getDataMap()).forEach((k, v) -> {
      w.line(0, k + ":");
      w.line(0, "----");
      for (String line : v.split("\n", -1)) {
        w.line(0, line);
      }
    });
    w.line(0, "");
    w.line(0, "BinaryData");
    w.line(0, "====");
    new TreeMap<>(cm.getBinaryDataMap()).forEach((k, v) -> w.line(0, k + ":", v.size() + " bytes"));
    w.line(0, "");
  }

  static void secret(DescribeWriter w, Secret secret) {
    Describer.header(w, secret.getMetadata(), true);
    w.line(0, "");
    w.line(0, "Type:", secret.getType());
    w.line(0, "");
    w.line(0, "Data");
    w.line(0, "====");
    new TreeMap<>(secret.getDataMap()).forEach((k, v) -> w.line(0, k + ":", v.size() + " bytes"));
  }

  static void namespace(DescribeWriter w, Namespace ns, java.util.List<io.kava.api.core.v1.ResourceQuota> quotas,
      java.util.List<io.kava.api.core.v1.LimitRange> limitRanges) {
    w.line(0, "Name:", ns.getMetadata().getName());
    w.labels(0, "Labels", ns.getMetadata().getLabelsMap());
    w.annotations(0, ns.getMetadata().getAnnotationsMap());
    w.line(0, "Status:", ns.getStatus().getPhase().isEmpty() ? "Active" : ns.getStatus().getPhase());
    w.line(0, "");
    QuotaDescribers.namespaceQuotas(w, quotas);
    w.line(0, "");
    QuotaDescribers.namespaceLimits(w, limitRanges);
  }

  /** As kubectl's describePodDisruptionBudgetV1. */
  static void podDisruptionBudget(DescribeWriter w, PodDisruptionBudget pdb) {
    w.line(0, "Name:", pdb.getMetadata().getName());
    w.line(0, "Namespace:", pdb.getMetadata().getNamespace());
    if (pdb.getSpec().hasMinAvailable()) {
      w.line(0, "Min available:", KindTables.intOrString(pdb.getSpec().getMinAvailable()));
    } else if (pdb.getSpec().hasMaxUnavailable()) {
      w.line(0, "Max unavailable:", KindTables.intOrString(pdb.getSpec().getMaxUnavailable()));
    }
    w.line(0, "Selector:", Selectors.format(pdb.getSpec().getSelector()));
    w.line(0, "Status:");
    w.line(2, "Allowed disruptions:", Integer.toString(pdb.getStatus().getDisruptionsAllowed()));
    w.line(2, "Current:", Integer.toString(pdb.getStatus().getCurrentHealthy()));
    w.line(2, "Desired:", Integer.toString(pdb.getStatus().getDesiredHealthy()));
    w.line(2, "Total:", Integer.toString(pdb.getStatus().getExpectedPods()));
  }

  /** As kubectl's describeHorizontalPodAutoscalerV2: metrics as current / target, replicas, conditions. */
  static void horizontalPodAutoscaler(DescribeWriter w, io.kava.api.autoscaling.v2.HorizontalPodAutoscaler hpa) {
    Describer.header(w, hpa.getMetadata(), true);
    w.line(0, "CreationTimestamp:", hpa.getMetadata().getCreationTimestamp());
    var ref = hpa.getSpec().getScaleTargetRef();
    w.line(0, "Reference:", ref.getKind() + "/" + ref.getName());
    w.line(0, "Metrics:", "( current / target )");
    for (int i = 0; i < hpa.getSpec().getMetricsCount(); i++) {
      var spec = hpa.getSpec().getMetrics(i).getResource();
      var status = i < hpa.getStatus().getCurrentMetricsCount()
          ? hpa.getStatus().getCurrentMetrics(i).getResource().getCurrent() : null;
      if (spec.getTarget().hasAverageUtilization()) {
        String current = status == null || !status.hasAverageUtilization() ? "<unknown>"
            : status.getAverageUtilization() + "% (" + status.getAverageValue() + ")";
        w.line(1, "resource " + spec.getName() + " on pods  (as a percentage of request):",
            current + " / " + spec.getTarget().getAverageUtilization() + "%");
      } else {
        String current = status == null ? "<unknown>" : status.getAverageValue();
        w.line(1, "resource " + spec.getName() + " on pods:", current + " / " + spec.getTarget().getAverageValue());
      }
    }
    w.line(0, "Min replicas:", hpa.getSpec().hasMinReplicas() ? Integer.toString(hpa.getSpec().getMinReplicas()) : "<unset>");
    w.line(0, "Max replicas:", Integer.toString(hpa.getSpec().getMaxReplicas()));
    w.line(0, ref.getKind() + " pods:", hpa.getStatus().getCurrentReplicas() + " current / "
        + hpa.getStatus().getDesiredReplicas() + " desired");
    if (hpa.getStatus().getConditionsCount() > 0) {
      w.line(0, "Conditions:");
      w.line(1, "Type", "Status", "Reason", "Message");
      w.line(1, "----", "------", "------", "-------");
      hpa.getStatus().getConditionsList().forEach(c -> w.line(1, c.getType(), c.getStatus(), c.getReason(),
          c.getMessage()));
    }
  }
}
