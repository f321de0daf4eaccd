package io.kava.kubectl.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
  @Test
  void clientOnlyNeedsNoServer() {
    CliRun cli = new CliRun(server -> {
      throw new AssertionError("--client needs no connection");
    });

    Result text = cli.run("version", "--client");
    Result yaml = cli.run("version", "--client", "-o", "yaml");

    assertThat(text.out()).isEqualTo("Client Version: v0.1.0\n");
    assertThat(yaml.out()).startsWith("clientVersion:\n").contains("  gitVersion: v0.1.0\n").contains("  platform: ")
        .doesNotContain("serverVersion");
  }

  @Test
  void aServerWithoutTheVersionCallIsOneErrorLine() {
    try (FakeApi api = new FakeApi()) {
      Result r = new CliRun(server -> api.client()).run("version");

      assertThat(r.out()).isEqualTo("Client Version: v0.1.0\n");
      assertThat(r.err()).contains("does not report its version");
      assertThat(r.exitCode()).isEqualTo(1);
    }
  }
}
