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

  static void namespace(DescribeWriter w, Namespace ns) {
    w.line(0, "Name:", ns.getMetadata().getName());
    w.labels(0, "Labels", ns.getMetadata().getLabelsMap());
    w.annotations(0, ns.getMetadata().getAnnotationsMap());
    w.line(0, "Status:", ns.getStatus().getPhase().isEmpty() ? "Active" : ns.getStatus().getPhase());
    w.line(0, "");
    w.line(0, "No resource quota.");
    w.line(0, "");
    w.line(0, "No LimitRange resource.");
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
}
