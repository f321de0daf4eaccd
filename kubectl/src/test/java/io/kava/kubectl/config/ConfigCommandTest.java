package io.kava.kubectl.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kavactl config ...` on a real file, and which server and namespace a config selects. */
class ConfigCommandTest {
  private final FakeApi api = new FakeApi();
  private final List<String> connectedTo = new ArrayList<>();

  @TempDir
  Path home;

  @AfterEach
  void stop() {
    api.close();
  }

  private CliRun cli() {
    return new CliRun(server -> {
      connectedTo.add(server);
      return api.client();
    }).home(home);
  }

  private Path config() {
    return home.resolve(".kava").resolve("config");
  }

  @Test
  void setClusterAndContextWriteAKubeconfigShapedFile() throws Exception {
    CliRun cli = cli();

    Result cluster = cli.run("config", "set-cluster", "kava-6443", "--server", "127.0.0.1:6443");
    Result context = cli.run("config", "set-context", "kava-6443", "--cluster", "kava-6443", "--namespace", "dev");
    Result use = cli.run("config", "use-context", "kava-6443");

    assertThat(cluster.out()).isEqualTo("Cluster \"kava-6443\" set.\n");
    assertThat(context.out()).isEqualTo("Context \"kava-6443\" created.\n");
    assertThat(use.out()).isEqualTo("Switched to context \"kava-6443\".\n");
    assertThat(Files.readString(config())).isEqualTo("""
        apiVersion: v1
        kind: Config
        clusters:
        - name: kava-6443
          cluster:
            server: 127.0.0.1:6443
        contexts:
        - name: kava-6443
          context:
            cluster: kava-6443
            namespace: dev
            user: ""
        current-context: kava-6443
        preferences: {}
        users: []
        """);
  }

  @Test
  void theCurrentContextChoosesServerAndNamespace() {
    CliRun cli = cli();
    twoClusters(cli);

    cli.run("config", "use-context", "b");
    Result pods = cli.run("get", "pods");
    Result other = cli.run("get", "pods", "--context", "a");

    assertThat(connectedTo).containsExactly("127.0.0.2:7002", "127.0.0.1:7001");
    assertThat(pods.err()).isEqualTo("No resources found in team-b namespace.\n");
    assertThat(other.err()).isEqualTo("No resources found in default namespace.\n");
  }

  @Test
  void flagsAndTheEnvironmentComeBeforeTheContext() {
    CliRun cli = cli();
    twoClusters(cli);
    cli.run("config", "use-context", "b");

    cli.run("get", "pods", "--server", "127.0.0.9:9");
    Result ns = cli.run("get", "pods", "-n", "flagged");
    cli.env("KAVA_API_SERVER", "h1:1,h2:2").run("get", "pods");

    assertThat(connectedTo).containsExactly("127.0.0.9:9", "127.0.0.2:7002", "h1:1,h2:2");
    assertThat(ns.err()).isEqualTo("No resources found in flagged namespace.\n");
  }

  @Test
  void getContextsMarksTheCurrentOne() {
    CliRun cli = cli();
    twoClusters(cli);
    cli.run("config", "use-context", "a");

    Result r = cli.run("config", "get-contexts");
    Result names = cli.run("config", "get-contexts", "-o", "name");
    Result current = cli.run("config", "current-context");

    assertThat(r.out()).isEqualTo("CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n"
                                + "*         a      a                    \n"
                                + "          b      b                    team-b\n");
    assertThat(names.out()).isEqualTo("a\nb\n");
    assertThat(current.out()).isEqualTo("a\n");
  }

  @Test
  void setContextCurrentChangesOnlyTheNamespace() {
    CliRun cli = cli();
    twoClusters(cli);
    cli.run("config", "use-context", "b");

    Result r = cli.run("config", "set-context", "--current", "--namespace", "later");
    Result pods = cli.run("get", "pods");

    assertThat(r.out()).isEqualTo("Context \"b\" modified.\n");
    assertThat(pods.err()).isEqualTo("No resources found in later namespace.\n");
    assertThat(connectedTo).containsExactly("127.0.0.2:7002");
  }

  @Test
  void renameAndDeleteContexts() throws Exception {
    CliRun cli = cli();
    twoClusters(cli);
    cli.run("config", "use-context", "a");

    Result rename = cli.run("config", "rename-context", "a", "first");
    Result delete = cli.run("config", "delete-context", "b");
    Result missing = cli.run("config", "delete-context", "b");

    assertThat(rename.out()).isEqualTo("Context \"a\" renamed to \"first\".\n");
    assertThat(delete.out()).isEqualTo("deleted context b from " + config() + "\n");
    assertThat(missing.err()).isEqualTo("error: cannot delete context b, not in " + config() + "\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(cli.run("config", "current-context").out()).isEqualTo("first\n");
    assertThat(cli.run("config", "get-contexts", "-o", "name").out()).isEqualTo("first\n");
  }

  @Test
  void viewMinifyShowsOnlyTheCurrentContext() {
    CliRun cli = cli();
    twoClusters(cli);
    cli.run("config", "use-context", "b");

    Result r = cli.run("config", "view", "--minify");
    Result json = cli.run("config", "view", "-o", "json");

    assertThat(r.out()).contains("server: 127.0.0.2:7002").doesNotContain("7001").contains("current-context: b");
    assertThat(json.out()).contains("\"current-context\": \"b\"").contains("127.0.0.1:7001");
  }

  @Test
  void mistakesAreOneLine() {
    CliRun cli = cli();

    Result use = cli.run("config", "use-context", "nope");
    Result current = cli.run("config", "current-context");
    Result context = cli.run("get", "pods", "--context", "nope");
    Result setCurrent = cli.run("config", "set-context", "--current", "--namespace", "x");

    assertThat(use.err()).isEqualTo("error: no context exists with the name: \"nope\"\n");
    assertThat(current.err()).isEqualTo("error: current-context is not set\n");
    assertThat(context.err()).isEqualTo("error: context was not found for specified context: nope\n");
    assertThat(setCurrent.err()).isEqualTo("error: no current context is set\n");
    assertThat(List.of(use.exitCode(), current.exitCode(), context.exitCode(), setCurrent.exitCode()))
        .containsOnly(1);
    assertThat(connectedTo).isEmpty();
  }

  @Test
  void aLegacyServerLineStillReadsAndUpgradesOnWrite() throws Exception {
    Files.createDirectories(config().getParent());
    Files.writeString(config(), "# Written by deploy/up.sh\nserver: 127.0.0.5:6443\n");
    CliRun cli = cli();

    cli.run("get", "pods");
    Result set = cli.run("config", "set-context", "--current", "--namespace", "kept");
    cli.run("get", "pods");

    assertThat(set.out()).isEqualTo("Context \"default\" modified.\n");
    assertThat(connectedTo).containsExactly("127.0.0.5:6443", "127.0.0.5:6443");
    assertThat(Files.readString(config())).startsWith("apiVersion: v1\nkind: Config\n").doesNotContain("\nserver: ")
        .contains("current-context: default").contains("namespace: kept");
  }

  @Test
  void unknownFieldsOfTheFileSurviveARewrite() throws Exception {
    Files.createDirectories(config().getParent());
    Files.writeString(config(), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: a
          cluster: {server: "127.0.0.1:1", certificate-authority: /ca.pem}
        users:
        - name: me
          user: {token: abc}
        """);

    cli().run("config", "set-context", "a", "--cluster", "a", "--user", "me");

    assertThat(Files.readString(config())).contains("certificate-authority: /ca.pem").contains("token: abc")
        .contains("user: me");
  }

  @Test
  void kubeconfigFlagAndEnvironmentChooseTheFile() throws Exception {
    Path other = home.resolve("other-config");
    CliRun cli = cli();

    cli.run("--kubeconfig", other.toString(), "config", "set-cluster", "x", "--server", "127.0.0.3:3");
    cli.env("KAVA_CONFIG", other.toString()).run("config", "set-context", "x", "--cluster", "x");

    assertThat(Files.exists(config())).isFalse();
    assertThat(Files.readString(other)).contains("127.0.0.3:3").contains("- name: x\n  context:");
  }

  private static void twoClusters(CliRun cli) {
    cli.run("config", "set-cluster", "a", "--server", "127.0.0.1:7001");
    cli.run("config", "set-cluster", "b", "--server", "127.0.0.2:7002");
    cli.run("config", "set-context", "a", "--cluster", "a");
    cli.run("config", "set-context", "b", "--cluster", "b", "--namespace", "team-b");
  }
}
