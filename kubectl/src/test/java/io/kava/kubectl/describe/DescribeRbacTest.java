package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.LocalObjectReference;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** describe and get of roles, bindings and ServiceAccounts, compared with kubectl 1.32's output for the same objects. */
class DescribeRbacTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private static ObjectMeta meta(String namespace, String name) {
    return ObjectMeta.newBuilder().setNamespace(namespace).setName(name).setCreationTimestamp("2024-06-01T11:00:00Z").build();
  }

  private static PolicyRule rule(List<String> verbs, String group, List<String> resources) {
    return PolicyRule.newBuilder().addAllVerbs(verbs).addApiGroups(group).addAllResources(resources).build();
  }

  private void seedRole() {
    api.seed(Role.newBuilder().setApiVersion("rbac.authorization.k8s.io/v1").setKind("Role")
        .setMetadata(meta("default", "pod-reader").toBuilder().putLabels("a", "b"))
        .addRules(rule(List.of("get", "list"), "", List.of("pods", "pods/log")))
        .addRules(rule(List.of("get"), "apps", List.of("deployments")).toBuilder().addResourceNames("web").addResourceNames("api"))
        .addRules(rule(List.of("watch"), "apps", List.of("deployments")))
        .addRules(PolicyRule.newBuilder().addVerbs("get").addNonResourceUrls("/healthz").addNonResourceUrls("/api/*"))
        .build());
  }

  private static ClusterRoleBinding viewAll() {
    return ClusterRoleBinding.newBuilder().setApiVersion("rbac.authorization.k8s.io/v1").setKind("ClusterRoleBinding")
        .setMetadata(meta("", "view-all"))
        .setRoleRef(RoleRef.newBuilder().setApiGroup("rbac.authorization.k8s.io").setKind("ClusterRole").setName("view"))
        .addSubjects(Subject.newBuilder().setKind("User").setApiGroup("rbac.authorization.k8s.io").setName("jane"))
        .addSubjects(Subject.newBuilder().setKind("Group").setApiGroup("rbac.authorization.k8s.io").setName("devs"))
        .addSubjects(Subject.newBuilder().setKind("ServiceAccount").setName("robot").setNamespace("ci")).build();
  }

  @Test
  void describeRoleShowsThePolicyRuleTableMergedAndSorted() {
    seedRole();

    Result r = cli.run("describe", "role", "pod-reader");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("""
        Name:         pod-reader
        Labels:       a=b
        Annotations:  <none>
        PolicyRule:
          Resources         Non-Resource URLs  Resource Names  Verbs
          ---------         -----------------  --------------  -----
          pods/log          []                 []              [get list]
          pods              []                 []              [get list]
                            [/api/*]           []              [get]
                            [/healthz]         []              [get]
          deployments.apps  []                 [api]           [get]
          deployments.apps  []                 [web]           [get]
          deployments.apps  []                 []              [watch]
        """);
  }

  @Test
  void describeBindingShowsRoleAndSubjects() {
    api.seed(viewAll());

    assertThat(cli.run("describe", "clusterrolebinding", "view-all").out()).isEqualTo("""
        Name:         view-all
        Labels:       <none>
        Annotations:  <none>
        Role:
          Kind:  ClusterRole
          Name:  view
        Subjects:
          Kind            Name   Namespace
          ----            ----   ---------
          User            jane  \s
          Group           devs  \s
          ServiceAccount  robot  ci
        """);
  }

  @Test
  void describeServiceAccountListsItsSecrets() {
    api.seed(ServiceAccount.newBuilder().setApiVersion("v1").setKind("ServiceAccount").setMetadata(meta("default", "robot"))
        .addImagePullSecrets(LocalObjectReference.newBuilder().setName("reg1"))
        .addImagePullSecrets(LocalObjectReference.newBuilder().setName("reg2"))
        .addSecrets(ObjectReference.newBuilder().setName("gone")).build());

    assertThat(cli.run("describe", "sa", "robot").out()).isEqualTo("""
        Name:                robot
        Namespace:           default
        Labels:              <none>
        Annotations:         <none>
        Image pull secrets:  reg1
                             reg2
        Mountable secrets:   gone (not found)
        Tokens:              <none>
        Events:              <none>
        """);
    assertThat(cli.run("get", "sa").out()).isEqualTo("""
        NAME    SECRETS   AGE
        robot   1         60m
        """);
  }

  @Test
  void getTablesAsKubectls() {
    seedRole();
    api.seed(viewAll());
    api.seed(RoleBinding.newBuilder().setApiVersion("rbac.authorization.k8s.io/v1").setKind("RoleBinding")
        .setMetadata(meta("default", "readers"))
        .setRoleRef(RoleRef.newBuilder().setApiGroup("rbac.authorization.k8s.io").setKind("Role").setName("pod-reader"))
        .addSubjects(Subject.newBuilder().setKind("ServiceAccount").setName("robot")).build());

    assertThat(cli.run("get", "roles").out()).isEqualTo("""
        NAME         CREATED AT
        pod-reader   2024-06-01T11:00:00Z
        """);
    assertThat(cli.run("get", "clusterrolebindings", "-o", "wide").out()).isEqualTo("""
        NAME       ROLE               AGE   USERS   GROUPS   SERVICEACCOUNTS
        view-all   ClusterRole/view   60m   jane    devs     ci/robot
        """);
    assertThat(cli.run("get", "rolebindings", "-o", "wide").out()).isEqualTo("""
        NAME      ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS
        readers   Role/pod-reader   60m                    robot
        """);
  }
}
