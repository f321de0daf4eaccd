package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.apiserver.AuthorizationConfig;
import io.kava.kubectl.CliRun.Result;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kavactl's authorization commands against a real API server (real etcd) with --authorization-mode=RBAC and
 * client certificates: can-i answers for an impersonated user, and a RoleBinding made with `create rolebinding`
 * changes the answer.
 */
class AuthorizationIT {
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    // The admin and view-user connect with client certificates of the cluster CA (TLS, as up.sh's cluster).
    cluster = Cluster.start(c -> c.withSecurity(c.security().withAuthorization(AuthorizationConfig.defaults()
        .withModes("RBAC").withAggregationInterval(Duration.ofMillis(200)))));
    assertThat(admin("create", "namespace", "team").exitCode()).isZero();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Result admin(String... args) {
    return cluster.kavactl().run(args);
  }

  @Test
  void aRoleBindingMadeWithCreateTurnsNoIntoYes() {
    Result before = admin("auth", "can-i", "list", "pods", "--as", "view-user", "-n", "team");
    assertThat(before.exitCode()).as(before.toString()).isEqualTo(1);
    assertThat(before.out()).startsWith("no");

    Result created = admin("create", "rolebinding", "view-user-view", "--clusterrole=view", "--user=view-user", "-n", "team");
    assertThat(created.out()).isEqualTo("rolebinding.rbac.authorization.k8s.io/view-user-view created\n");

    // the binding reaches the authorizer through the watch cache
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
        admin("auth", "can-i", "list", "pods", "--as", "view-user", "-n", "team").out().equals("yes\n"));
    Result secrets = admin("auth", "can-i", "list", "secrets", "--as", "view-user", "-n", "team");
    assertThat(secrets.exitCode()).isEqualTo(1);
    assertThat(secrets.out()).startsWith("no");
    // the user's own certificate: view holds no secrets, but a Role made with create role does
    assertThat(cluster.kavactlAs("view-user").run("auth", "can-i", "list", "pods", "-n", "team").exitCode()).isZero();
    assertThat(admin("create", "role", "secret-reader", "--verb=get,list", "--resource=secrets", "-n", "team").exitCode()).isZero();
    assertThat(admin("create", "rolebinding", "secrets", "--role=secret-reader", "--user=view-user", "-n", "team").exitCode())
        .isZero();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
        cluster.kavactlAs("view-user").run("auth", "can-i", "list", "secrets", "-n", "team").exitCode() == 0);

    Result list = cluster.kavactlAs("view-user").run("auth", "can-i", "--list", "-n", "team");
    assertThat(list.out()).startsWith("Resources ").contains("\nsecrets ").contains("[get list]")
        .contains("selfsubjectreviews.authentication.k8s.io");
    // system:discovery allows every authenticated user get on /api/*, nothing else
    assertThat(cluster.kavactlAs("view-user").run("auth", "can-i", "get", "/api/v1").out()).isEqualTo("yes\n");
    assertThat(cluster.kavactlAs("view-user").run("auth", "can-i", "get", "/logs").exitCode()).isEqualTo(1);
    Result whoami = admin("auth", "whoami", "--as", "view-user");
    assertThat(whoami.out()).startsWith("ATTRIBUTE   VALUE\nUsername    view-user\n");
  }
}
