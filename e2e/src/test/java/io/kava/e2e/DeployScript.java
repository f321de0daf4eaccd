package io.kava.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a deploy/ script as a user does, on a state directory of the test's own (KAVA_HOME). */
final class DeployScript {
  /*
   * The pass/fail suite's up.sh clusters start their JVMs as TestCluster's do (kava.e2e.fastStart, set by
   * failsafe): the quick compiler only, after deploy/jvm's options (KAVA_JAVA_OPTS comes last, later wins).
   * Benchmarks (deploy/bench.sh) leave the property unset and run production's options.
   */
  private static final Map<String, String> FAST_START = Boolean.getBoolean("kava.e2e.fastStart")
      ? Map.of("KAVA_JAVA_OPTS", "-XX:TieredStopAtLevel=1") : Map.of();

  /** How a script ended: its exit code (-1: killed after the timeout) and its output, stderr included. */
  record Result(int exitCode, String output) {}

  private DeployScript() {}

  static Path repo() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }

  /** A connection as the admin of the cluster up.sh started in STATE_DIR (its admin.kubeconfig); the caller closes it. */
  static io.kava.client.KavaClient adminClient(Path stateDir) {
    return io.kava.client.KavaClient.connect(io.kava.client.config.KubeConfigLoader.load(stateDir.resolve("admin.kubeconfig")));
  }

  static Result run(Path stateDir, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.set(0, repo().resolve(args.get(0)).toString());
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().putAll(Map.of("KAVA_HOME", stateDir.toString(), "KAVA_READY_TIMEOUT", "120"));
    pb.environment().putAll(FAST_START);
    try {
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, text);
      }
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
