package io.kava.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CreateCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void createsANamespaceOnceByEitherName() {
    Result created = cli.run("create", "namespace", "dev");
    Result again = cli.run("create", "ns", "dev");

    assertThat(created.out()).isEqualTo("namespace/dev created\n");
    assertThat(again.err()).isEqualTo("Error from server (AlreadyExists): namespaces \"dev\" already exists\n");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(api.writes()).containsExactly("create namespaces dev");
  }

  @Test
  void createFromStandardInput() {
    Result r = cli.stdin(Manifests.text("service.yaml")).run("create", "-f", "-");

    assertThat(r.out()).isEqualTo("service/my-service created\n");
    assertThat(api.writes()).containsExactly("create services default/my-service");
  }
}
