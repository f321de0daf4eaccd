package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.authorization.v1.ResourceAttributes;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SelfSubjectAccessReviewSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.apiserver.AuthorizationConfig;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.AccessReviewClient;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.auth.BearerToken;
import io.kava.client.auth.Impersonation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RBAC over the gRPC service (in-process, in-memory storage), with --authorization-mode=Node,RBAC and a token file. */
class RbacApiTest {
  private static InProcessApi api;
  private static KavaClient admin;
  private static KavaClient viewer;

  @BeforeAll
  static void start(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, "admin-token,kubernetes-admin,1,system:masters\nview-token,viewer,2,\n");
    api = new InProcessApi(c -> c.withSecurity(c.security().withAuthorization(
        AuthorizationConfig.defaults().withModes("Node,RBAC").withTokenAuthFile(tokens)
            .withAggregationInterval(Duration.ofMillis(100)))));
    admin = api.client.withInterceptors(new BearerToken("admin-token"));
    viewer = api.client.withInterceptors(new BearerToken("view-token"));
    admin.resource(io.kava.api.core.v1.Namespace.class).create(Fixtures.namespace("team"));
    admin.resource(RoleBinding.class).create(RoleBinding.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("viewer-view"))
        .setRoleRef(RoleRef.newBuilder().setKind("ClusterRole").setName("view"))
        .addSubjects(Subject.newBuilder().setKind("User").setName("viewer")).build());
    admin.resource(Pod.class).create(Fixtures.pod("team", "web"));
    // The binding reaches the authorizer through the watch cache.
    Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(() -> viewer.resource(Pod.class).list(ListOptions.inNamespace("team")).items().size() == 1);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static ApiException refused(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void aViewerListsPodsButIsRefusedSecretsWithUpstreamsMessage() {
    assertThat(viewer.resource(Pod.class).list(ListOptions.inNamespace("team")).items()).hasSize(1);
    ApiException e = refused(() -> viewer.resource(Secret.class).list(ListOptions.inNamespace("team")));
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).isEqualTo(
        "secrets is forbidden: User \"viewer\" cannot list resource \"secrets\" in API group \"\" in the namespace \"team\"");
    assertThat(refused(() -> viewer.resource(Pod.class).list(ListOptions.inNamespace("default"))).getMessage())
        .endsWith("in the namespace \"default\"");
  }

  @Test
  void aRefusedCreateStoresNothing() {
    ApiException e = refused(() -> viewer.resource(Pod.class).create(Fixtures.pod("team", "sneaky")));
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(admin.resource(Pod.class).list(ListOptions.inNamespace("team")).items())
        .extracting(p -> p.getMetadata().getName()).containsExactly("web");
  }

  @Test
  void anonymousCallsAndCallsWithoutABindingAreRefused() {
    assertThat(refused(() -> api.client.resource(Pod.class).list(ListOptions.inNamespace("team"))).getMessage())
        .contains("User \"system:anonymous\" cannot list resource \"pods\"");
    assertThat(refused(() -> viewer.resource(io.kava.api.core.v1.Node.class).list(ListOptions.all())).getMessage())
        .endsWith("cannot list resource \"nodes\" in API group \"\" at the cluster scope");
  }

  @Test
  void impersonationNeedsTheImpersonateVerb() {
    KavaClient asAdmin = viewer.withInterceptors(new Impersonation("kubernetes-admin", List.of("system:masters")));
    ApiException e = refused(() -> asAdmin.resource(Secret.class).list(ListOptions.inNamespace("team")));
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("cannot impersonate resource \"users\"");
    // The admin may impersonate: it then acts as the viewer, refused secrets.
    KavaClient asViewer = admin.withInterceptors(new Impersonation("viewer", List.of()));
    assertThat(refused(() -> asViewer.resource(Secret.class).list(ListOptions.inNamespace("team"))).getMessage())
        .contains("User \"viewer\" cannot list resource \"secrets\"");
  }

  @Test
  void accessReviewsAnswerForTheCaller() {
    assertThat(can(viewer, "list", "pods", "team")).isTrue();
    assertThat(can(viewer, "get", "secrets", "team")).isFalse();
    assertThat(can(admin, "get", "secrets", "team")).isTrue();
  }

  private static boolean can(KavaClient client, String verb, String resource, String namespace) {
    return can(client, verb, "", resource, namespace);
  }

  private static boolean can(KavaClient client, String verb, String group, String resource, String namespace) {
    return new AccessReviewClient(client).create(SelfSubjectAccessReview.newBuilder().setSpec(SelfSubjectAccessReviewSpec
        .newBuilder().setResourceAttributes(ResourceAttributes.newBuilder().setVerb(verb).setGroup(group).setResource(resource)
            .setNamespace(namespace))).build()).getStatus().getAllowed();
  }

  @Test
  void bootstrapRolesExistAndViewIsAggregated() {
    ClusterRole view = admin.resource(ClusterRole.class).get("", "view");
    assertThat(view.getRulesList()).isNotEmpty();
    assertThat(admin.resource(ClusterRole.class).get("", "system:kube-scheduler").getRulesList()).isNotEmpty();
    assertThat(admin.resource(io.kava.api.rbac.v1.ClusterRoleBinding.class).get("", "cluster-admin").getSubjects(0).getName())
        .isEqualTo("system:masters");
  }

  @Test
  void validationNamesTheFieldAndRoleRefIsImmutable() {
    ApiException e = refused(() -> admin.resource(Role.class).create(Role.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("bad"))
        .addRules(PolicyRule.newBuilder().addApiGroups("").addResources("pods")).build()));
    assertThat(e.getMessage()).contains("rules[0].verbs: Required value");
    e = refused(() -> admin.resource(RoleBinding.class).create(RoleBinding.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("bad"))
        .setRoleRef(RoleRef.newBuilder().setKind("Thing").setName("x")).build()));
    assertThat(e.getMessage()).contains("roleRef.kind: Unsupported value: \"Thing\"");
    RoleBinding stored = admin.resource(RoleBinding.class).get("team", "viewer-view");
    e = refused(() -> admin.resource(RoleBinding.class).update(stored.toBuilder()
        .setRoleRef(stored.getRoleRef().toBuilder().setName("edit")).build()));
    assertThat(e.getMessage()).contains("roleRef: Invalid value").contains("cannot change roleRef");
  }

  @Test
  void escalationThroughARoleOrABindingIsRefused() {
    // A user allowed to write roles and bindings in its namespace (not escalate nor bind: "*" would hold them), without secrets rights.
    admin.resource(Role.class).create(Role.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("rbac-writer"))
        .addRules(PolicyRule.newBuilder().addAllVerbs(List.of("create", "get", "update")).addApiGroups("rbac.authorization.k8s.io").addResources("roles")
            .addResources("rolebindings")).build());
    admin.resource(RoleBinding.class).create(RoleBinding.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("viewer-rbac"))
        .setRoleRef(RoleRef.newBuilder().setKind("Role").setName("rbac-writer"))
        .addSubjects(Subject.newBuilder().setKind("User").setName("viewer")).build());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> can(viewer, "create", "rbac.authorization.k8s.io", "roles", "team"));

    ApiException e = refused(() -> viewer.resource(Role.class).create(Role.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("secrets"))
        .addRules(PolicyRule.newBuilder().addVerbs("get").addApiGroups("").addResources("secrets")).build()));
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("is attempting to grant RBAC permissions not currently held");
    e = refused(() -> viewer.resource(RoleBinding.class).create(RoleBinding.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("self-admin"))
        .setRoleRef(RoleRef.newBuilder().setKind("ClusterRole").setName("admin"))
        .addSubjects(Subject.newBuilder().setKind("User").setName("viewer")).build()));
    assertThat(e.getMessage()).contains("is attempting to grant RBAC permissions not currently held");
    // A role within what the viewer holds is fine.
    viewer.resource(Role.class).create(Role.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("pods"))
        .addRules(PolicyRule.newBuilder().addVerbs("get").addApiGroups("").addResources("pods")).build());
  }
}
