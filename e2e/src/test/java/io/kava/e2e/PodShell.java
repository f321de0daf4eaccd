package io.kava.e2e;

import io.kava.api.core.v1.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside a pod's container through `docker exec`: what a process in the pod sees of the
 * network (cluster DNS, ClusterIPs, NodePorts), independent of anything Kava reports.
 */
final class PodShell {
  /** What the command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private PodShell() {}

  static Result exec(Pod pod, String container, String... command) {
    List<String> ids = Docker.containersOfPod(pod.getMetadata().getUid(), container, true);
    if (ids.isEmpty()) {
      throw new IllegalStateException("No running container " + container + " in pod " + pod.getMetadata().getName());
    }
    List<String> args = new ArrayList<>(List.of("docker", "exec", ids.get(0)));
    args.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out.trim());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** `wget -qO- URL` from inside the pod, bounded by `timeout` (busybox's own -T crashes, see ENVIRONMENT). */
  static Result httpGet(Pod pod, String container, String url) {
    return exec(pod, container, "timeout", "5", "wget", "-qO-", url);
  }
}
