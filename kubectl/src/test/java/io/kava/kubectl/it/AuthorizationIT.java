package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.apiserver.AuthorizationConfig;
import io.kava.kubectl.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kavactl's authorization commands against a real API server (real etcd) with --authorization-mode=RBAC and
 * a token file: can-i answers for an impersonated user, and a RoleBinding made with `create rolebinding`
 * changes the answer.
 */
class AuthorizationIT {
  @TempDir
  static Path dir;
  private static Cluster cluster;

  @BeforeAll
  static void start() throws IOException {
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, "admin-token,kubernetes-admin,1,system:masters\nview-token,view-user,2,\n");
    cluster = Cluster.start(c -> c.withSecurity(c.security().withAuthorization(AuthorizationConfig.defaults()
        .withModes("RBAC").withTokenAuthFile(tokens).withAggregationInterval(Duration.ofMillis(200)))),
        "--token", "admin-token");
    assertThat(admin("create", "namespace", "team").exitCode()).isZero();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Result admin(String... args) {
    return cluster.kavactl().run(Stream.concat(Stream.of("--token", "admin-token"), Arrays.stream(args)).toArray(String[]::new));
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
    // the user's own token: view holds no secrets, but a Role made with create role does
    assertThat(cluster.kavactl().run("--token", "view-token", "auth", "can-i", "list", "pods", "-n", "team").exitCode()).isZero();
    assertThat(admin("create", "role", "secret-reader", "--verb=get,list", "--resource=secrets", "-n", "team").exitCode()).isZero();
    assertThat(admin("create", "rolebinding", "secrets", "--role=secret-reader", "--user=view-user", "-n", "team").exitCode())
        .isZero();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
        cluster.kavactl().run("--token", "view-token", "auth", "can-i", "list", "secrets", "-n", "team").exitCode() == 0);

    Result list = cluster.kavactl().run("--token", "view-token", "auth", "can-i", "--list", "-n", "team");
    assertThat(list.out()).startsWith("Resources ").contains("\nsecrets ").contains("[get list]")
        .contains("selfsubjectreviews.authentication.k8s.io");
    // system:discovery allows every authenticated user get on /api/*, nothing else
    assertThat(cluster.kavactl().run("--token", "view-token", "auth", "can-i", "get", "/api/v1").out()).isEqualTo("yes\n");
    assertThat(cluster.kavactl().run("--token", "view-token", "auth", "can-i", "get", "/logs").exitCode()).isEqualTo(1);
    Result whoami = admin("auth", "whoami", "--as", "view-user");
    assertThat(whoami.out()).startsWith("ATTRIBUTE   VALUE\nUsername    view-user\n");
  }
}
