package io.kava.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker and iptables command lines, for the IT: containers on docker0 and what the host shows. */
final class Docker {
  private Docker() {}

  record Result(int exitCode, String out) {}

  static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String check(String... command) {
    Result r = run(command);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.out());
    }
    return r.out();
  }

  /** Starts a container with a label; returns its id. */
  static String start(String label, String name, String... imageAndArgs) {
    List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--label", label, "--name", name,
        "--hostname", name, "-e", "POD_NAME=" + name));
    cmd.addAll(List.of(imageAndArgs));
    return check(cmd.toArray(String[]::new));
  }

  static String ip(String container) {
    return check("docker", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", container);
  }

  /** `timeout 5 wget -qO- URL` inside the container (busybox's own -T crashes). */
  static Result wget(String container, String url) {
    return run("docker", "exec", container, "timeout", "5", "wget", "-qO-", url);
  }

  static void removeLabelled(String label) {
    String ids = run("docker", "ps", "-aq", "--filter", "label=" + label).out();
    if (!ids.isBlank()) {
      List<String> cmd = new ArrayList<>(List.of("docker", "rm", "-f"));
      cmd.addAll(List.of(ids.split("\\s+")));
      run(cmd.toArray(String[]::new));
    }
  }
}
