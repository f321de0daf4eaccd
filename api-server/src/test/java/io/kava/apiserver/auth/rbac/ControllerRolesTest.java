package io.kava.apiserver.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.apiserver.auth.Authorizer.Decision;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerRolesTest {
  private final FakeRbacObjects objects = new FakeRbacObjects();
  private final RuleResolver resolver = new RuleResolver(objects);
  private final RbacAuthorizer authorizer = new RbacAuthorizer(resolver);
  private final UserInfo manager = UserInfo.of("system:kube-controller-manager", "system:authenticated");

  @BeforeEach
  void bootstrap() {
    objects.clusterRoles.addAll(ClusterRoleAggregation.aggregateAll(BootstrapPolicy.clusterRoles()));
    objects.clusterRoleBindings.addAll(BootstrapPolicy.clusterRoleBindings());
  }

  private static UserInfo controller(String name) {
    return UserInfo.of("system:serviceaccount:kube-system:" + name, "system:serviceaccounts",
        "system:serviceaccounts:kube-system", "system:authenticated");
  }

  private Decision.Kind decide(UserInfo user, String verb, String group, String resource, String sub, String ns) {
    return authorizer.authorize(new RequestAttributes(user, verb, group, resource, sub, ns, "x")).kind();
  }

  @Test
  void everyControllerRoleIsBoundToItsServiceAccountInKubeSystem() {
    for (String name : ControllerRoles.rules().keySet()) {
      ClusterRoleBinding binding = objects.clusterRoleBindings.stream()
          .filter(b -> b.getMetadata().getName().equals("system:controller:" + name)).findFirst().orElseThrow();
      assertThat(binding.getRoleRef().getName()).isEqualTo("system:controller:" + name);
      assertThat(binding.getSubjectsList()).singleElement().satisfies(s -> {
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        assertThat(s.getNamespace()).isEqualTo("kube-system");
        assertThat(s.getName()).isEqualTo(name);
      });
    }
  }

  @Test
  void eachControllerMayMakeItsOwnWritesAndNotAnothersWrites() {
    assertThat(decide(controller("replicaset-controller"), "create", "", "pods", "", "default")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("replicaset-controller"), "update", "apps", "replicasets", "status", "default"))
        .isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("replicaset-controller"), "create", "apps", "replicasets", "", "default"))
        .isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(controller("deployment-controller"), "create", "apps", "replicasets", "", "default"))
        .isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("deployment-controller"), "create", "", "pods", "", "default"))
        .isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(controller("job-controller"), "patch", "", "pods", "", "default")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("namespace-controller"), "update", "", "namespaces", "finalize", "")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("namespace-controller"), "delete", "apps", "deployments", "", "gone")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("generic-garbage-collector"), "delete", "batch", "jobs", "", "default")).isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("horizontal-pod-autoscaler"), "update", "apps", "deployments", "scale", "default"))
        .isEqualTo(Decision.Kind.ALLOW);
    assertThat(decide(controller("root-ca-cert-publisher"), "create", "", "secrets", "", "default"))
        .isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(decide(controller("ttl-after-finished-controller"), "delete", "", "pods", "", "default"))
        .isEqualTo(Decision.Kind.NO_OPINION);
  }

  @Test
  void theControllerManagersOwnRoleOnlyWatchesAndMintsTheControllersTokens() {
    ClusterRole own = objects.clusterRole("system:kube-controller-manager").orElseThrow();
    List<PolicyRule> ownRules = own.getRulesList();

    assertThat(RuleCoverage.uncovered(ownRules, List.of(BootstrapPolicy.rule(List.of("create"), "",
        "serviceaccounts", "serviceaccounts/token")))).isEmpty();
    assertThat(RuleCoverage.uncovered(ownRules, List.of(BootstrapPolicy.rule(List.of("list", "watch"), "apps",
        "deployments")))).isEmpty();
    assertThat(RuleCoverage.uncovered(ownRules, List.of(BootstrapPolicy.rule(List.of("create"), "", "pods"))))
        .hasSize(1);
  }

  @Test
  void theManagersOwnIdentityHoldsNoControllersRulesAsUpstreams() {
    assertThat(decide(manager, "create", "", "pods", "", "default")).isEqualTo(Decision.Kind.NO_OPINION);
    assertThat(objects.clusterRoleBindings).noneMatch(b -> b.getRoleRef().getName().equals(ControllerRoles.AGGREGATED));
  }

  @Test
  void withoutServiceAccountCredentialsTheAggregatedRoleBoundByTheOperatorHoldsEveryControllersRules() {
    objects.clusterRoleBindings.add(BootstrapPolicy.binding(ControllerRoles.AGGREGATED,
        RuleMatcher.user("system:kube-controller-manager")));

    List<PolicyRule> held = resolver.rulesFor(manager, "");
    for (var entry : ControllerRoles.rules().entrySet()) {
      assertThat(RuleCoverage.uncovered(held, entry.getValue())).as(entry.getKey()).isEmpty();
    }
    assertThat(decide(manager, "create", "", "pods", "", "default")).isEqualTo(Decision.Kind.ALLOW);
  }
}
