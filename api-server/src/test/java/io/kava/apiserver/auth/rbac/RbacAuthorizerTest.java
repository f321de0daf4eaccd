package io.kava.apiserver.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.apiserver.auth.Authorizer.Decision;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import io.kava.client.Kinds;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacAuthorizerTest {
  private final FakeRbacObjects objects = new FakeRbacObjects();
  private final RbacAuthorizer authorizer = new RbacAuthorizer(new RuleResolver(objects));
  private final UserInfo alice = UserInfo.of("alice", "dev", "system:authenticated");

  private static PolicyRule rule(List<String> verbs, String group, List<String> resources, String... names) {
    return PolicyRule.newBuilder().addAllVerbs(verbs).addApiGroups(group).addAllResources(resources)
        .addAllResourceNames(List.of(names)).build();
  }

  private void clusterRole(String name, PolicyRule... rules) {
    objects.clusterRoles.add(ClusterRole.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .addAllRules(List.of(rules)).build());
  }

  private void role(String ns, String name, PolicyRule... rules) {
    objects.roles.add(Role.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(name))
        .addAllRules(List.of(rules)).build());
  }

  private void bind(String ns, String kind, String role, Subject subject) {
    objects.roleBindings.add(RoleBinding.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(role + "-b"))
        .setRoleRef(RoleRef.newBuilder().setApiGroup(Kinds.RBAC_GROUP).setKind(kind).setName(role)).addSubjects(subject).build());
  }

  private Decision.Kind decide(UserInfo user, String verb, String group, String resource, String sub, String ns, String name) {
    return authorizer.authorize(new RequestAttributes(user, verb, group, resource, sub, ns, name)).kind();
  }

  @Test
  void aRoleBindingToAClusterRoleAllowsOnlyInItsNamespace() {
    clusterRole("view", rule(List.of("get", "list", "watch"), "", List.of("pods")));
    bind("team", "ClusterRole", "view", RuleMatcher.user("alice"));

    assertThat(decide(alice, "list", "", "pods", "", "team", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "list", "", "pods", "", "other", "")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "list", "", "pods", "", "", "")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "list", "", "secrets", "", "team", "")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "delete", "", "pods", "", "team", "x")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void subresourcesMatchOnlyWhenNamedOrByStarSlash() {
    role("team", "logs", rule(List.of("get"), "", List.of("pods/log")),
        rule(List.of("get"), "apps", List.of("*/scale")));
    bind("team", "Role", "logs", RuleMatcher.group("dev"));

    assertThat(decide(alice, "get", "", "pods", "log", "team", "p")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "get", "", "pods", "", "team", "p")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "get", "", "pods", "exec", "team", "p")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "get", "apps", "deployments", "scale", "team", "d")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "get", "apps", "deployments", "", "team", "d")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void wildcardsAndResourceNames() {
    clusterRole("all", rule(List.of("*"), "*", List.of("*")));
    clusterRole("one", rule(List.of("get"), "", List.of("configmaps"), "only"));
    objects.clusterRoleBindings.add(BootstrapPolicy.binding("all", RuleMatcher.group("system:masters")));
    objects.clusterRoleBindings.add(BootstrapPolicy.binding("one", RuleMatcher.user("alice")));

    UserInfo admin = UserInfo.of("root", "system:masters");
    assertThat(decide(admin, "deletecollection", "apps", "deployments", "", "x", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(admin, "create", "", "pods", "exec", "x", "p")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "get", "", "configmaps", "", "x", "only")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "get", "", "configmaps", "", "x", "other")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "list", "", "configmaps", "", "x", "")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void serviceAccountSubjectsDefaultToTheBindingsNamespace() {
    role("team", "reader", rule(List.of("get"), "", List.of("secrets")));
    bind("team", "Role", "reader", Subject.newBuilder().setKind("ServiceAccount").setName("bot").build());
    UserInfo bot = UserInfo.of("system:serviceaccount:team:bot", "system:serviceaccounts");
    UserInfo otherBot = UserInfo.of("system:serviceaccount:other:bot");

    assertThat(decide(bot, "get", "", "secrets", "", "team", "s")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(otherBot, "get", "", "secrets", "", "team", "s")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void aBindingToAMissingRoleAllowsNothing() {
    bind("team", "Role", "gone", RuleMatcher.user("alice"));
    assertThat(decide(alice, "get", "", "pods", "", "team", "p")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void theBootstrapViewRoleAggregatesItsPartsAndAllowsNoSecrets() {
    objects.clusterRoles.addAll(ClusterRoleAggregation.aggregateAll(BootstrapPolicy.clusterRoles()));
    bind("team", "ClusterRole", "view", RuleMatcher.user("alice"));
    UserInfo editor = UserInfo.of("ed");
    bind("team", "ClusterRole", "edit", RuleMatcher.user("ed"));

    assertThat(decide(alice, "list", "", "pods", "", "team", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "get", "", "pods", "log", "team", "p")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(alice, "list", "", "secrets", "", "team", "")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(alice, "create", "", "pods", "exec", "team", "p")).isEqualTo(Decision.Kind.NO_OPINION);
    // edit holds view's rules through the aggregation chain, and writes.
    assertThat(decide(editor, "list", "apps", "deployments", "", "team", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(editor, "create", "", "pods", "exec", "team", "p")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(editor, "create", Kinds.RBAC_GROUP, "rolebindings", "", "team", "")).isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void coverageRefusesWhatTheOwnerDoesNotHold() {
    List<PolicyRule> owner = List.of(rule(List.of("get", "list"), "", List.of("pods", "pods/log")),
        rule(List.of("get"), "", List.of("configmaps"), "one"));
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("get"), "", List.of("pods"))))).isEmpty();
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("get"), "", List.of("configmaps"), "one")))).isEmpty();
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("get"), "", List.of("configmaps"))))).hasSize(1);
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("get", "delete"), "", List.of("pods")))))
        .extracting(r -> r.getVerbs(0)).containsExactly("delete");
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("*"), "", List.of("pods"))))).hasSize(1);
    assertThat(RuleCoverage.describe(rule(List.of("get"), "", List.of("secrets"))))
        .isEqualTo("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
  }

  @Test
  void theCertificateControllersMayApproveAndSignButNotRewriteRequests() {
    objects.clusterRoles.addAll(ClusterRoleAggregation.aggregateAll(BootstrapPolicy.clusterRoles()));
    objects.clusterRoleBindings.addAll(BootstrapPolicy.clusterRoleBindings());
    // Their identity with --use-service-account-credentials; the manager's own identity holds only its own
    // role, as upstream's (an operator running without the flag binds kava:controller-manager:controllers).
    UserInfo controller = UserInfo.of("system:serviceaccount:kube-system:certificate-controller", "system:serviceaccounts",
        "system:authenticated");
    UserInfo manager = UserInfo.of("system:kube-controller-manager", "system:authenticated");
    String group = "certificates.k8s.io";

    assertThat(decide(controller, "update", group, "certificatesigningrequests", "approval", "", "csr-1")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller, "update", group, "certificatesigningrequests", "status", "", "csr-1")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(manager, "update", group, "certificatesigningrequests", "approval", "", "csr-1")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(manager, "list", group, "certificatesigningrequests", "", "", "")).as("its informers")
        .isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller, "update", group, "certificatesigningrequests", "", "", "csr-1")).isEqualTo(Decision.Kind.NO_OPINION);
  }
}
