package io.kava.apiserver.auth.rbac;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.AggregationRule;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): the user-facing roles
 * (cluster-admin, admin, edit, view, aggregated through aggregate-to-* labels), the discovery roles, and
 * one role per Kava component holding what that component calls (read from its code), each bound to the
 * component's identity, and one per controller of the controller manager (bound to its ServiceAccount).
 */
public final class BootstrapPolicy {
  public static final String AUTOUPDATE_LABEL = "kubernetes.io/bootstrapping";
  public static final String AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";
  public static final String AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
  public static final String AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
  public static final String AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

  static final List<String> READ = List.of("get", "list", "watch");
  static final List<String> READ_WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete",
      "deletecollection");
  static final List<String> WRITE = List.of("create", "update", "patch", "delete", "deletecollection");

  private BootstrapPolicy() {}

  static PolicyRule rule(List<String> verbs, String group, String... resources) {
    return PolicyRule.newBuilder().addAllVerbs(verbs).addApiGroups(group).addAllResources(List.of(resources)).build();
  }

  static PolicyRule rule(List<String> verbs, List<String> groups, String... resources) {
    return PolicyRule.newBuilder().addAllVerbs(verbs).addAllApiGroups(groups).addAllResources(List.of(resources)).build();
  }

  private static PolicyRule nonResource(List<String> verbs, String... urls) {
    return PolicyRule.newBuilder().addAllVerbs(verbs).addAllNonResourceUrls(List.of(urls)).build();
  }

  private static ObjectMeta meta(String name, Map<String, String> extraLabels) {
    return ObjectMeta.newBuilder().setName(name).putLabels(AUTOUPDATE_LABEL, "rbac-defaults").putAllLabels(extraLabels)
        .putAnnotations(AUTOUPDATE_ANNOTATION, "true").build();
  }

  static ClusterRole role(String name, List<PolicyRule> rules) {
    return role(name, Map.of(), rules);
  }

  private static ClusterRole role(String name, Map<String, String> labels, List<PolicyRule> rules) {
    return ClusterRole.newBuilder().setApiVersion(Kinds.CLUSTER_ROLE.apiVersion()).setKind("ClusterRole")
        .setMetadata(meta(name, labels)).addAllRules(rules).build();
  }

  private static ClusterRole aggregated(String name, Map<String, String> labels, String... selectorLabels) {
    AggregationRule.Builder aggregation = AggregationRule.newBuilder();
    for (String l : selectorLabels) {
      aggregation.addClusterRoleSelectors(LabelSelector.newBuilder().putMatchLabels(l, "true"));
    }
    return ClusterRole.newBuilder().setApiVersion(Kinds.CLUSTER_ROLE.apiVersion()).setKind("ClusterRole")
        .setMetadata(meta(name, labels)).setAggregationRule(aggregation).build();
  }

  /** The cluster roles, in upstream's order. */
  public static List<ClusterRole> clusterRoles() {
    List<ClusterRole> roles = new ArrayList<>();
    roles.add(role("cluster-admin", List.of(
        PolicyRule.newBuilder().addVerbs("*").addApiGroups("*").addResources("*").build(),
        nonResource(List.of("*"), "*"))));
    roles.add(role("system:discovery", List.of(nonResource(List.of("get"), "/api", "/api/*", "/apis", "/apis/*",
        "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"))));
    roles.add(role("system:basic-user", List.of(rule(List.of("create"), "authentication.k8s.io", "selfsubjectreviews"),
        rule(List.of("create"), "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectrulesreviews"))));
    roles.add(role("system:public-info-viewer", List.of(nonResource(List.of("get"), "/healthz", "/livez", "/readyz",
        "/version", "/version/"))));
    roles.add(aggregated("admin", Map.of(), AGGREGATE_TO_ADMIN));
    roles.add(aggregated("edit", Map.of(AGGREGATE_TO_ADMIN, "true"), AGGREGATE_TO_EDIT));
    roles.add(aggregated("view", Map.of(AGGREGATE_TO_EDIT, "true"), AGGREGATE_TO_VIEW));
    roles.add(role("system:aggregate-to-admin", Map.of(AGGREGATE_TO_ADMIN, "true"), List.of(
        rule(READ_WRITE, Kinds.RBAC_GROUP, "roles", "rolebindings"),
        rule(List.of("create"), "authorization.k8s.io", "localsubjectaccessreviews"))));
    roles.add(role("system:aggregate-to-edit", Map.of(AGGREGATE_TO_EDIT, "true"), List.of(
        rule(List.of("impersonate"), "", "serviceaccounts"),
        rule(WRITE, "", "pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"),
        rule(List.of("create"), "", "pods/eviction"),
        rule(WRITE, "", "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
            "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"),
        rule(List.of("create"), "", "serviceaccounts/token"),
        rule(WRITE, "apps", "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
            "replicasets/scale", "statefulsets", "statefulsets/scale"),
        rule(WRITE, "autoscaling", "horizontalpodautoscalers"),
        rule(WRITE, "batch", "cronjobs", "jobs"),
        rule(WRITE, "policy", "poddisruptionbudgets"),
        rule(WRITE, "networking.k8s.io", "ingresses", "networkpolicies"),
        rule(WRITE, "coordination.k8s.io", "leases"),
        rule(READ, "", "secrets"))));
    roles.add(role("system:aggregate-to-view", Map.of(AGGREGATE_TO_VIEW, "true"), List.of(
        rule(READ, "", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
            "services/status", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "configmaps"),
        rule(READ, "", "limitranges", "resourcequotas", "bindings", "events", "pods/status", "resourcequotas/status",
            "namespaces/status", "replicationcontrollers/status", "pods/log"),
        rule(READ, "", "namespaces"),
        rule(READ, "discovery.k8s.io", "endpointslices"),
        rule(READ, "apps", "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
            "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
            "statefulsets/scale", "statefulsets/status"),
        rule(READ, "autoscaling", "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
        rule(READ, "batch", "cronjobs", "cronjobs/status", "jobs", "jobs/status"),
        rule(READ, "policy", "poddisruptionbudgets", "poddisruptionbudgets/status"),
        rule(READ, "networking.k8s.io", "ingresses", "ingresses/status", "networkpolicies"),
        rule(READ, "coordination.k8s.io", "leases"),
        rule(READ, "metrics.k8s.io", "pods", "nodes"))));
    roles.addAll(ComponentRoles.all());
    roles.addAll(ControllerRoles.roles());
    return roles;
  }

  /** The cluster role bindings, each named as its role. */
  public static List<ClusterRoleBinding> clusterRoleBindings() {
    List<ClusterRoleBinding> bindings = new ArrayList<>();
    bindings.add(binding("cluster-admin", RuleMatcher.group("system:masters")));
    bindings.add(binding("system:discovery", RuleMatcher.group("system:authenticated")));
    bindings.add(binding("system:basic-user", RuleMatcher.group("system:authenticated")));
    bindings.add(binding("system:public-info-viewer", RuleMatcher.group("system:authenticated"),
        RuleMatcher.group("system:unauthenticated")));
    bindings.addAll(ComponentRoles.bindings());
    bindings.addAll(ControllerRoles.bindings());
    return bindings;
  }

  static ClusterRoleBinding binding(String role, Subject... subjects) {
    return binding(role, role, subjects);
  }

  static ClusterRoleBinding binding(String name, String role, Subject... subjects) {
    return ClusterRoleBinding.newBuilder().setApiVersion(Kinds.CLUSTER_ROLE_BINDING.apiVersion())
        .setKind("ClusterRoleBinding").setMetadata(meta(name, Map.of()))
        .setRoleRef(RoleRef.newBuilder().setApiGroup(Kinds.RBAC_GROUP).setKind("ClusterRole").setName(role))
        .addAllSubjects(List.of(subjects)).build();
  }
}
