package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One config file, two real API servers (each on its own etcd): contexts switch between them. */
class ConfigContextsIT {
  @TempDir
  static Path home;
  private static Cluster east;
  private static Cluster west;

  @BeforeAll
  static void start() {
    east = Cluster.start();
    west = Cluster.start();
  }

  @AfterAll
  static void stop() {
    try {
      if (east != null) {
        east.close();
      }
    } finally {
      if (west != null) {
        west.close();
      }
    }
  }

  /**
   * kavactl reading only the config file (no KAVA_API_SERVER) for the server; the connection to
   * whichever server the context names goes as that cluster's admin (each cluster has its own CA).
   */
  private static CliRun kavactl() {
    return new CliRun(target -> io.kava.client.KavaClient.connect(
        (target.equals(east.server()) ? east : west).admin().withServer(target))).home(home).clock(Clock.systemUTC());
  }

  @Test
  void contextsSwitchBetweenTwoApiServers() {
    CliRun k = kavactl();
    for (String[] c : new String[][] {{"east", east.server()}, {"west", west.server()}}) {
      assertThat(k.run("config", "set-cluster", c[0], "--server", c[1]).exitCode()).isZero();
      assertThat(k.run("config", "set-context", c[0], "--cluster", c[0]).exitCode()).isZero();
    }
    assertThat(k.run("config", "use-context", "east").exitCode()).isZero();
    Result created = k.run("create", "namespace", "only-east");
    assertThat(created.exitCode()).as(created.toString()).isZero();

    Result onEast = k.run("get", "namespace", "only-east", "-o", "name");
    Result switched = k.run("config", "use-context", "west");
    Result onWest = k.run("get", "namespace", "only-east", "-o", "name");
    Result byFlag = k.run("get", "namespace", "only-east", "-o", "name", "--context", "east");

    assertThat(onEast.out()).isEqualTo("namespace/only-east\n");
    assertThat(switched.out()).isEqualTo("Switched to context \"west\".\n");
    assertThat(onWest.err()).isEqualTo("Error from server (NotFound): namespaces \"only-east\" not found\n");
    assertThat(byFlag.out()).isEqualTo("namespace/only-east\n");
  }

  @Test
  void theContextNamespaceIsTheDefaultNamespace() {
    CliRun k = kavactl();
    k.run("config", "set-cluster", "east-ns", "--server", east.server());
    k.run("config", "set-context", "east-ns", "--cluster", "east-ns", "--namespace", "kube-system");

    Result r = k.run("get", "pods", "--context", "east-ns");

    assertThat(r.err()).isEqualTo("No resources found in kube-system namespace.\n");
  }
}
