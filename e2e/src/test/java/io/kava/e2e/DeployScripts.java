package io.kava.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the deploy/ scripts as a user does, on a state directory of the test's own (KAVA_HOME). */
final class DeployScripts {
  private DeployScripts() {}

  /** Runs a deploy script (path relative to the repo); returns its exit code, its output added to `out`. */
  static int run(Path stateDir, List<String> out, String... command) throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    List<String> args = new ArrayList<>(List.of(command));
    args.set(0, repo.resolve(args.get(0)).toString());
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().putAll(Map.of("KAVA_HOME", stateDir.toString(), "KAVA_READY_TIMEOUT", "120"));
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    out.add(text);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
