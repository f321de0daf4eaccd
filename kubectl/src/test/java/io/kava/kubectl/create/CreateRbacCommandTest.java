package io.kava.kubectl.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `create role|clusterrole|rolebinding|clusterrolebinding|serviceaccount`: each expected YAML and error
 * line is what kubectl 1.32 prints for the same command line (with --dry-run=client -o yaml).
 */
class CreateRbacCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private Result dryRun(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "create";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--dry-run=client";
    all[args.length + 2] = "-o";
    all[args.length + 3] = "yaml";
    return cli.run(all);
  }

  @Test
  void roleResolvesShortNamesAndGroupsIntoOneRulePerGroup() {
    Result r = dryRun("role", "x", "--verb=get", "--resource=deploy.apps,deployment,Pods,pods/status,secrets.,po,rs");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          creationTimestamp: null
          name: x
        rules:
        - apiGroups:
          - ""
          resources:
          - pods
          - pods/status
          - secrets
          verbs:
          - get
        - apiGroups:
          - apps
          resources:
          - deployments
          - replicasets
          verbs:
          - get
        """);
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void roleWithNamesInANamespaceAndDuplicatesRemoved() {
    Result r = dryRun("role", "x", "--verb=get,list", "--verb=get", "--resource=pods", "--resource-name=a",
        "--resource-name=a", "-n", "ns1");

    assertThat(r.out()).isEqualTo("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          creationTimestamp: null
          name: x
          namespace: ns1
        rules:
        - apiGroups:
          - ""
          resourceNames:
          - a
          resources:
          - pods
          verbs:
          - get
          - list
        """);
  }

  @Test
  void aWildcardVerbOrResourceStandsAlone() {
    assertThat(dryRun("role", "x", "--verb=get,*,list", "--resource=*/scale").out()).contains("""
        rules:
        - apiGroups:
          - ""
          resources:
          - '*/scale'
          verbs:
          - '*'
        """);
    assertThat(dryRun("role", "x", "--verb=get", "--resource=pods,*").out()).contains("""
          resources:
          - '*'
        """);
  }

  @Test
  void roleErrorsAreKubectlsLines() {
    assertError(dryRun("role", "x", "--verb=get", "--resource=foo"), "the server doesn't have a resource type \"foo\"");
    assertError(dryRun("role", "x", "--verb=get", "--resource=foo.apps"),
        "the server doesn't have a resource type \"foo\" in group \"apps\"");
    assertError(dryRun("role", "x", "--resource=pods"), "error: at least one verb must be specified");
    assertError(dryRun("role", "x", "--verb=get"), "error: at least one resource must be specified");
    assertError(dryRun("role", "x", "--verb=use", "--resource=pods"), "error: can not perform 'use' on 'pods' in group ''");
    assertError(dryRun("role", "x", "--verb=get", "--resource=pods", "--resource=/log"),
        "error: resource must be specified if apiGroup/subresource specified");
    assertThat(dryRun("role", "x", "--verb=bind", "--resource=roles").out()).contains("- rbac.authorization.k8s.io");
  }

  @Test
  void anUnknownVerbIsOnlyAWarning() {
    Result r = dryRun("role", "x", "--verb=foo", "--resource=pods");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEqualTo("Warning: 'foo' is not a standard resource verb\n");
    assertThat(r.out()).contains("  - foo\n");
  }

  private static void assertError(Result r, String line) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).isEqualTo(line + "\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void clusterRoleWithResourcesAndNonResourceUrls() {
    Result r = dryRun("clusterrole", "x", "--verb=get", "--non-resource-url=/logs", "--resource=pods", "-n", "ignored");

    assertThat(r.out()).isEqualTo("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          creationTimestamp: null
          name: x
        rules:
        - apiGroups:
          - ""
          resources:
          - pods
          verbs:
          - get
        - nonResourceURLs:
          - /logs
          verbs:
          - get
        """);
  }

  @Test
  void clusterRoleWithAnAggregationRuleHasNullRules() {
    Result r = dryRun("clusterrole", "x", "--aggregation-rule=a=b,c=d");

    assertThat(r.out()).isEqualTo("""
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels:
              a: b
              c: d
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          creationTimestamp: null
          name: x
        rules: null
        """);
  }

  @Test
  void clusterRoleErrorsAreKubectlsLines() {
    assertError(dryRun("clusterrole", "x", "--aggregation-rule=a=b", "--verb=get"),
        "error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
    assertError(dryRun("clusterrole", "x", "--verb=get", "--non-resource-url=logs"), "error: nonResourceURL should start with /");
    assertError(dryRun("clusterrole", "x", "--verb=list", "--non-resource-url=/logs"),
        "error: invalid verb: 'list' for nonResourceURL");
    assertError(dryRun("clusterrole", "x", "--verb=get", "--non-resource-url=/a/*,/b/*/c"),
        "error: nonResourceURL only supports wildcard matches when '*' is at the end");
    assertError(dryRun("clusterrole", "x", "--verb=get"), "error: one of resource or nonResourceURL must be specified");
  }

  @Test
  void roleBindingHasUsersThenGroupsThenServiceAccounts() {
    Result r = dryRun("rolebinding", "b", "--role=r", "--user=u1", "--user=u2", "--group=g", "--serviceaccount=ns:sa");

    assertThat(r.out()).isEqualTo("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          creationTimestamp: null
          name: b
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: r
        subjects:
        - apiGroup: rbac.authorization.k8s.io
          kind: User
          name: u1
        - apiGroup: rbac.authorization.k8s.io
          kind: User
          name: u2
        - apiGroup: rbac.authorization.k8s.io
          kind: Group
          name: g
        - kind: ServiceAccount
          name: sa
          namespace: ns
        """);
  }

  @Test
  void roleBindingToAClusterRoleInANamespace() {
    assertThat(dryRun("rolebinding", "b", "--clusterrole=view", "--serviceaccount=ns:sa", "-n", "dev").out()).isEqualTo("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          creationTimestamp: null
          name: b
          namespace: dev
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
        - kind: ServiceAccount
          name: sa
          namespace: ns
        """);
  }

  @Test
  void bindingErrorsAreKubectlsLines() {
    assertError(dryRun("rolebinding", "b", "--role=r", "--clusterrole=c"),
        "error: exactly one of clusterrole or role must be specified");
    assertError(dryRun("rolebinding", "b"), "error: exactly one of clusterrole or role must be specified");
    for (String bad : new String[] {"bad", "a:b:c", ":x", "x:"}) {
      assertError(dryRun("rolebinding", "b", "--role=r", "--serviceaccount=" + bad), "error: serviceaccount must be <namespace>:<name>");
    }
    Result noRole = dryRun("clusterrolebinding", "cb");
    assertThat(noRole.exitCode()).isEqualTo(1);
    assertThat(noRole.err()).contains("--clusterrole");
  }

  @Test
  void clusterRoleBindingAndServiceAccount() {
    assertThat(dryRun("clusterrolebinding", "cb", "--clusterrole=view", "--user=u", "--serviceaccount=ns:sa").out())
        .isEqualTo("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              creationTimestamp: null
              name: cb
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: view
            subjects:
            - apiGroup: rbac.authorization.k8s.io
              kind: User
              name: u
            - kind: ServiceAccount
              name: sa
              namespace: ns
            """);
    assertThat(dryRun("sa", "sa1", "-n", "dev").out()).isEqualTo("""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          creationTimestamp: null
          name: sa1
          namespace: dev
        """);
  }

  @Test
  void withoutDryRunTheObjectsAreCreatedWhereTheyBelong() {
    Result binding = cli.run("create", "rolebinding", "b", "--clusterrole=view", "--user=jane", "-n", "team");
    Result role = cli.run("create", "clusterrole", "reader", "--verb=get", "--resource=pods", "-n", "team");

    assertThat(binding.out()).isEqualTo("rolebinding.rbac.authorization.k8s.io/b created\n");
    assertThat(role.out()).isEqualTo("clusterrole.rbac.authorization.k8s.io/reader created\n");
    assertThat(api.client().resource(RoleBinding.class).get("team", "b").getSubjects(0).getName()).isEqualTo("jane");
    assertThat(api.client().resource(ClusterRole.class).get("", "reader").getMetadata().getNamespace()).isEmpty();
    assertThat(cli.run("create", "sa", "robot", "-o", "name").out()).isEqualTo("serviceaccount/robot\n");
  }
}
