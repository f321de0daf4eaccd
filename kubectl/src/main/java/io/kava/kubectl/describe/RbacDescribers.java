package io.kava.kubectl.describe;

import io.kava.api.core.v1.LocalObjectReference;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.kubectl.rbac.PolicyRules;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** describe role, clusterrole, rolebinding, clusterrolebinding and serviceaccount, as kubectl's. */
final class RbacDescribers {
  private RbacDescribers() {}

  /** Name, labels, annotations, then the PolicyRule table of the rules merged and sorted. */
  static void role(DescribeWriter w, ObjectMeta meta, List<PolicyRule> rules) {
    w.line(0, "Name:", meta.getName());
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "PolicyRule:");
    w.line(1, String.join("\t", PolicyRules.HEADERS));
    w.line(1, "---------", "-----------------", "--------------", "-----");
    PolicyRules.rows(rules).forEach(row -> w.line(1, row.toArray(String[]::new)));
  }

  static void binding(DescribeWriter w, ObjectMeta meta, RoleRef ref, List<Subject> subjects) {
    w.line(0, "Name:", meta.getName());
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Role:");
    w.line(1, "Kind:", ref.getKind());
    w.line(1, "Name:", ref.getName());
    w.line(0, "Subjects:");
    w.line(1, "Kind", "Name", "Namespace");
    w.line(1, "----", "----", "---------");
    subjects.forEach(s -> w.line(1, s.getKind(), s.getName(), s.getNamespace()));
  }

  /**
   * As kubectl 1.32's describeServiceAccount: image pull secrets, mountable secrets (marked when missing)
   * and the legacy token Secrets of the ServiceAccount, each list sorted by its header.
   */
  static void serviceAccount(DescribeWriter w, ServiceAccount sa, List<Secret> secretsOfNamespace) {
    Describer.header(w, sa.getMetadata(), true);
    Set<String> existing = secretsOfNamespace.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
    List<String> tokens = secretsOfNamespace.stream()
        .filter(s -> s.getType().equals("kubernetes.io/service-account-token")
            && sa.getMetadata().getName().equals(s.getMetadata().getAnnotationsMap().get("kubernetes.io/service-account.name")))
        .map(s -> s.getMetadata().getName()).toList();
    names(w, "Image pull secrets:", sa.getImagePullSecretsList().stream().map(LocalObjectReference::getName).toList(), Set.of());
    List<String> mountable = sa.getSecretsList().stream().map(ObjectReference::getName).toList();
    names(w, "Mountable secrets: ", mountable, mountable.stream().filter(n -> !existing.contains(n)).collect(Collectors.toSet()));
    names(w, "Tokens:            ", tokens, Set.of());
  }

  private static void names(DescribeWriter w, String header, List<String> names, Set<String> missing) {
    if (names.isEmpty()) {
      w.line(0, header, "<none>");
    }
    String prefix = header;
    for (String name : names) {
      w.line(0, prefix, missing.contains(name) ? name + " (not found)" : name);
      prefix = " ".repeat(header.length());
    }
  }
}
