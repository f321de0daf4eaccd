package io.kava.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgumentsTest {
  private final FakeApi api = new FakeApi();
  private final List<String> connectedTo = new ArrayList<>();
  private final CliRun cli = new CliRun(server -> {
    connectedTo.add(server);
    return api.client();
  });
  @TempDir
  Path home;

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void namespaceFlagWorksBeforeAndAfterTheSubcommand() {
    api.seed(Objects.pod("team-a", "web-0", Duration.ofSeconds(1)));

    assertThat(cli.run("-n", "team-a", "get", "pods", "-o", "name").out()).isEqualTo("pod/web-0\n");
    assertThat(cli.run("get", "pods", "--namespace=team-a", "-o", "name").out()).isEqualTo("pod/web-0\n");
    assertThat(cli.run("get", "pods", "-o", "name").err()).isEqualTo("No resources found in default namespace.\n");
  }

  @Test
  void serverComesFromTheFlagThenEnvThenConfigFileThenDefault() throws Exception {
    Files.createDirectories(home.resolve(".kava"));
    Files.writeString(home.resolve(".kava/config"), "# written by the launcher\nserver: 127.0.0.7:7443\n");
    Path other = Files.writeString(home.resolve("other-config"), "server: \"http://127.0.0.8:8443/\"\n");

    cli.run("get", "pods", "--server", "127.0.0.5:5443");
    cli.env("KAVA_API_SERVER", "127.0.0.6:6443").run("get", "pods");
    new CliRun(server -> { connectedTo.add(server); return api.client(); }).home(home).run("get", "pods");
    new CliRun(server -> { connectedTo.add(server); return api.client(); }).home(home)
        .env("KAVA_CONFIG", other.toString()).run("get", "pods");
    new CliRun(server -> { connectedTo.add(server); return api.client(); }).run("get", "pods");

    assertThat(connectedTo).containsExactly("127.0.0.5:5443", "127.0.0.6:6443", "127.0.0.7:7443", "127.0.0.8:8443",
        "127.0.0.1:6443");
  }

  @Test
  void helpAndArgumentErrorsNeverConnect() {
    Result help = cli.run("get", "--help");
    Result bad = cli.run("get", "pods", "--bogus");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: kavactl get");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("error: Unknown option: '--bogus'. See 'kavactl get --help' for usage.\n");
    assertThat(connectedTo).isEmpty();
  }

  @Test
  void typeSlashNameArguments() {
    api.seed(Objects.pod("default", "a", Duration.ofSeconds(1)));
    api.seed(Objects.nginx(1, 1));

    Result r = cli.run("get", "po/a", "deploy/nginx-deployment", "-o", "name");

    assertThat(r.out()).isEqualTo("pod/a\ndeployment.apps/nginx-deployment\n");
  }
}
