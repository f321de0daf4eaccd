package io.kava.kubelet.node;

import io.kava.api.core.v1.Taint;
import io.kava.client.selector.LabelValidation;
import io.kava.client.taints.Taints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** The kubelet's --node-labels and --register-with-taints, checked as upstream's kubelet checks them. */
public final class RegistrationOptions {
  /** Labels of the kubernetes.io and k8s.io namespaces a kubelet may set on itself (upstream's kubeletapis). */
  private static final Set<String> ALLOWED_KUBERNETES_LABELS = Set.of("beta.kubernetes.io/arch",
      "beta.kubernetes.io/instance-type", "beta.kubernetes.io/os", "failure-domain.beta.kubernetes.io/region",
      "failure-domain.beta.kubernetes.io/zone", "kubernetes.io/arch", "kubernetes.io/hostname", "kubernetes.io/os",
      "node.kubernetes.io/instance-type", "topology.kubernetes.io/region", "topology.kubernetes.io/zone");
  private static final List<String> ALLOWED_KUBERNETES_PREFIXES = List.of("kubelet.kubernetes.io", "node.kubernetes.io");
  private static final Set<String> EFFECTS = Set.of(Taints.NO_SCHEDULE, Taints.PREFER_NO_SCHEDULE, Taints.NO_EXECUTE);

  @Option(names = "--node-labels", defaultValue = "",
      description = "Labels the Node gets when the kubelet registers it: key=value[,key=value...]. Of the kubernetes.io"
          + " and k8s.io namespaces only the kubelet.kubernetes.io and node.kubernetes.io prefixes and the well-known"
          + " node labels are allowed (the rest is for the cluster's administrator, as upstream's NodeRestriction says)")
  String nodeLabels;

  @Option(names = "--register-with-taints", defaultValue = "",
      description = "Taints the Node gets when the kubelet registers it: key[=value]:effect[,...], effect one of"
          + " NoSchedule, PreferNoSchedule, NoExecute")
  String registerWithTaints;

  /** The labels and taints; throws IllegalArgumentException naming the flag and the bad entry. */
  public NodeRegistration registration() {
    return new NodeRegistration(labels(nodeLabels), taints(registerWithTaints));
  }

  static Map<String, String> labels(String flag) {
    Map<String, String> labels = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (String entry : entries(flag)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--node-labels: \"" + entry + "\" is not key=value");
      }
      String key = entry.substring(0, eq);
      String value = entry.substring(eq + 1);
      check("--node-labels", key, LabelValidation.isQualifiedName(key));
      check("--node-labels", key + "=" + value, LabelValidation.isValidLabelValue(value));
      if (isKubernetesLabel(key) && !isKubeletLabel(key)) {
        unknown.add(key);
      }
      labels.put(key, value);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: "
          + unknown + "; --node-labels in the 'kubernetes.io' namespace must begin with an allowed prefix ("
          + String.join(", ", ALLOWED_KUBERNETES_PREFIXES) + ") or be in the specifically allowed set ("
          + String.join(", ", new TreeSet<>(ALLOWED_KUBERNETES_LABELS)) + ")");
    }
    return labels;
  }

  static List<Taint> taints(String flag) {
    List<Taint> taints = new ArrayList<>();
    for (String entry : entries(flag)) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--register-with-taints: \"" + entry + "\" is not key[=value]:effect");
      }
      String effect = entry.substring(colon + 1);
      if (!EFFECTS.contains(effect)) {
        throw new IllegalArgumentException("--register-with-taints: \"" + entry + "\": effect must be one of"
            + " NoSchedule, PreferNoSchedule, NoExecute");
      }
      String keyValue = entry.substring(0, colon);
      int eq = keyValue.indexOf('=');
      String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
      String value = eq < 0 ? "" : keyValue.substring(eq + 1);
      check("--register-with-taints", entry, LabelValidation.isQualifiedName(key));
      check("--register-with-taints", entry, LabelValidation.isValidLabelValue(value));
      Taint taint = Taint.newBuilder().setKey(key).setValue(value).setEffect(effect).build();
      if (taints.stream().anyMatch(t -> Taints.sameKeyAndEffect(t, taint))) {
        throw new IllegalArgumentException("--register-with-taints: \"" + entry + "\": a taint of the same key and effect is given twice");
      }
      taints.add(taint);
    }
    return taints;
  }

  private static List<String> entries(String flag) {
    List<String> entries = new ArrayList<>();
    for (String entry : flag.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    return entries;
  }

  private static void check(String flag, String entry, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(flag + ": \"" + entry + "\": " + String.join("; ", problems));
    }
  }

  /** In the kubernetes.io or k8s.io namespace (upstream's isKubernetesLabel). */
  private static boolean isKubernetesLabel(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String namespace = key.substring(0, slash);
    return namespace.equals("kubernetes.io") || namespace.endsWith(".kubernetes.io")
        || namespace.equals("k8s.io") || namespace.endsWith(".k8s.io");
  }

  /** One a kubelet may set on itself (upstream's kubeletapis.IsKubeletLabel). */
  private static boolean isKubeletLabel(String key) {
    if (ALLOWED_KUBERNETES_LABELS.contains(key)) {
      return true;
    }
    String namespace = key.substring(0, key.indexOf('/'));
    return ALLOWED_KUBERNETES_PREFIXES.stream().anyMatch(p -> namespace.equals(p) || namespace.endsWith("." + p));
  }
}
