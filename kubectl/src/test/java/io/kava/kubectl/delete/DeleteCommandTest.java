package io.kava.kubectl.delete;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.DeleteOptions;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliException;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Manifests;
import io.kava.kubectl.Objects;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeleteCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void deletesByKindAndName() {
    api.seed(Objects.nginx(3, 3));

    Result r = cli.run("delete", "deployment", "nginx-deployment");

    assertThat(r.out()).isEqualTo("deployment.apps \"nginx-deployment\" deleted\n");
    assertThat(r.exitCode()).isZero();
    assertThat(api.writes()).containsExactly("delete deployments default/nginx-deployment");
  }

  @Test
  void notFoundUnlessIgnored() {
    Result missing = cli.run("delete", "deploy", "x");
    Result ignored = cli.run("delete", "deploy", "x", "--ignore-not-found");

    assertThat(missing.err()).isEqualTo("Error from server (NotFound): deployments.apps \"x\" not found\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(ignored.err()).isEmpty();
    assertThat(ignored.exitCode()).isZero();
  }

  @Test
  void deletesWhatAManifestNames() {
    api.seed(Objects.nginx(3, 3));
    Path file = Manifests.write(dir, "d.yaml", Manifests.text("nginx-deployment.yaml"));

    Result r = cli.run("delete", "-f", file.toString());

    assertThat(r.out()).isEqualTo("deployment.apps \"nginx-deployment\" deleted\n");
  }

  @Test
  void deletesEveryPodOfTheNamespace() {
    api.seed(Objects.pod("default", "a", Duration.ofSeconds(1)));
    api.seed(Objects.pod("default", "b", Duration.ofSeconds(1)));
    api.seed(Objects.pod("other", "c", Duration.ofSeconds(1)));

    Result r = cli.run("delete", "pods", "--all");

    assertThat(r.out()).isEqualTo("pod \"a\" deleted\npod \"b\" deleted\n");
    assertThat(api.writes()).containsExactly("delete pods default/a", "delete pods default/b");
  }

  @Test
  void nameIsRequiredWithoutAll() {
    Result r = cli.run("delete", "pods");

    assertThat(r.err()).isEqualTo("error: resource(s) were provided, but no name was specified\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void cascadeAndGracePeriodBecomeDeleteOptions() {
    assertThat(new DeleteFlags(-1, "background", false).toOptions()).isEqualTo(new DeleteOptions(null, "Background", ""));
    assertThat(new DeleteFlags(0, "foreground", false).toOptions()).isEqualTo(new DeleteOptions(0L, "Foreground", ""));
    assertThat(new DeleteFlags(30, "orphan", false).toOptions()).isEqualTo(new DeleteOptions(30L, "Orphan", ""));
    assertThat(new DeleteFlags(-1, "false", false).toOptions().propagationPolicy()).isEqualTo("Orphan");
    assertThatThrownBy(() -> new DeleteFlags(-1, "sometimes", false).toOptions()).isInstanceOf(CliException.class)
        .hasMessage("error: invalid cascade value (sometimes). Must be \"background\", \"foreground\", or \"orphan\"");
  }

  @Test
  void badCascadeFailsBeforeAnyDelete() {
    api.seed(Objects.nginx(3, 3));

    Result r = cli.run("delete", "deploy", "nginx-deployment", "--cascade=sometimes");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(api.writes()).isEmpty();
  }
}
