package io.kava.kubectl.rbac;

import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.AggregationRule;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The objects of `create role|clusterrole|rolebinding|clusterrolebinding|serviceaccount`, as kubectl builds them. */
public final class RbacObjects {
  private RbacObjects() {}

  private static ObjectMeta meta(String name) {
    return ObjectMeta.newBuilder().setName(name).build();
  }

  public static Role role(String name, List<PolicyRule> rules) {
    return Role.newBuilder().setApiVersion(Kinds.ROLE.apiVersion()).setKind("Role").setMetadata(meta(name))
        .addAllRules(rules).build();
  }

  /** With an aggregation rule of one selector (matchLabels) and no rules, or with the rules. */
  public static ClusterRole clusterRole(String name, List<PolicyRule> rules, Map<String, String> aggregationLabels) {
    ClusterRole.Builder role = ClusterRole.newBuilder().setApiVersion(Kinds.CLUSTER_ROLE.apiVersion())
        .setKind("ClusterRole").setMetadata(meta(name));
    if (aggregationLabels.isEmpty()) {
      return role.addAllRules(rules).build();
    }
    return role.setAggregationRule(AggregationRule.newBuilder()
        .addClusterRoleSelectors(LabelSelector.newBuilder().putAllMatchLabels(aggregationLabels))).build();
  }

  public static RoleBinding roleBinding(String name, RoleRef ref, List<Subject> subjects) {
    return RoleBinding.newBuilder().setApiVersion(Kinds.ROLE_BINDING.apiVersion()).setKind("RoleBinding")
        .setMetadata(meta(name)).setRoleRef(ref).addAllSubjects(subjects).build();
  }

  public static ClusterRoleBinding clusterRoleBinding(String name, String clusterRole, List<Subject> subjects) {
    return ClusterRoleBinding.newBuilder().setApiVersion(Kinds.CLUSTER_ROLE_BINDING.apiVersion())
        .setKind("ClusterRoleBinding").setMetadata(meta(name)).setRoleRef(ref("ClusterRole", clusterRole))
        .addAllSubjects(subjects).build();
  }

  public static ServiceAccount serviceAccount(String name) {
    return ServiceAccount.newBuilder().setApiVersion("v1").setKind("ServiceAccount").setMetadata(meta(name)).build();
  }

  /** The Role or ClusterRole a binding references; exactly one of the two names is given. */
  public static RoleRef roleRef(String role, String clusterRole) {
    if (role.isEmpty() == clusterRole.isEmpty()) {
      throw CliException.error("exactly one of clusterrole or role must be specified");
    }
    return role.isEmpty() ? ref("ClusterRole", clusterRole) : ref("Role", role);
  }

  private static RoleRef ref(String kind, String name) {
    return RoleRef.newBuilder().setApiGroup(Kinds.RBAC_GROUP).setKind(kind).setName(name).build();
  }

  /** Users, then groups, then ServiceAccounts given as namespace:name. */
  public static List<Subject> subjects(List<String> users, List<String> groups, List<String> serviceAccounts) {
    List<Subject> subjects = new ArrayList<>();
    users.forEach(u -> subjects.add(Subject.newBuilder().setKind("User").setApiGroup(Kinds.RBAC_GROUP).setName(u).build()));
    groups.forEach(g -> subjects.add(Subject.newBuilder().setKind("Group").setApiGroup(Kinds.RBAC_GROUP).setName(g).build()));
    for (String sa : serviceAccounts) {
      String[] tokens = sa.split(":", -1);
      if (tokens.length != 2 || tokens[0].isEmpty() || tokens[1].isEmpty()) {
        throw CliException.error("serviceaccount must be <namespace>:<name>");
      }
      subjects.add(Subject.newBuilder().setKind("ServiceAccount").setNamespace(tokens[0]).setName(tokens[1]).build());
    }
    return subjects;
  }
}
