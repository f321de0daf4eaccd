package io.kava.kubectl.describe;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Secret;
import java.util.TreeMap;

/** describe configmap, secret and namespace. */
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
}
