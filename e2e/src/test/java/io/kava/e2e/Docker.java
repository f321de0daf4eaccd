package io.kava.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Docker itself shows, through the docker CLI: the ground truth the end-to-end tests check
 * against, independent of what the kubelet reports.
 */
final class Docker {
  private Docker() {}

  /** Running app containers (not sandboxes) of one pod, or of every pod on the given nodes. */
  static List<String> runningAppContainers(List<String> nodes) {
    List<String> ids = new ArrayList<>();
    for (String node : nodes) {
      for (String line : run("docker", "ps", "--no-trunc", "--filter", "label=io.kava.node=" + node,
          "--format", "{{.ID}} {{.Label \"io.kava.container.name\"}}")) {
        String[] parts = line.split(" ", 2);
        if (parts.length == 2 && !parts[1].equals("POD")) {
          ids.add(parts[0]);
        }
      }
    }
    return ids;
  }

  /** Pod uid -> number of running app containers (not sandboxes), over every pod on the given nodes. */
  static java.util.Map<String, Integer> runningAppContainersByPod(List<String> nodes) {
    java.util.Map<String, Integer> byPod = new java.util.TreeMap<>();
    for (String node : nodes) {
      for (String line : run("docker", "ps", "--filter", "label=io.kava.node=" + node,
          "--format", "{{.Label \"io.kava.pod.uid\"}} {{.Label \"io.kava.container.name\"}}")) {
        String[] parts = line.split(" ", 2);
        if (parts.length == 2 && !parts[1].equals("POD")) {
          byPod.merge(parts[0], 1, Integer::sum);
        }
      }
    }
    return byPod;
  }

  /** Full ids of every container (sandboxes too, running or not) the kubelet of one node made. */
  static List<String> containersOfNode(String node) {
    return run("docker", "ps", "-aq", "--no-trunc", "--filter", "label=io.kava.managed=true",
        "--filter", "label=io.kava.node=" + node);
  }

  /** Full container ids (running or not) of the named container of one pod. */
  static List<String> containersOfPod(String podUid, String containerName, boolean runningOnly) {
    List<String> args = new ArrayList<>(List.of("docker", "ps", "-q", "--no-trunc",
        "--filter", "label=io.kava.pod.uid=" + podUid, "--filter", "label=io.kava.container.name=" + containerName));
    if (!runningOnly) {
      args.add(2, "-a");
    }
    return run(args.toArray(String[]::new));
  }

  /** The node label of a running container. */
  static String nodeOf(String containerId) {
    List<String> out = run("docker", "inspect", "--format", "{{index .Config.Labels \"io.kava.node\"}}", containerId);
    return out.isEmpty() ? "" : out.get(0);
  }

  static void kill(String containerId) {
    run("docker", "kill", containerId);
  }

  static void removeForce(String containerId) {
    run("docker", "rm", "-f", containerId);
  }

  static void tag(String source, String target) {
    run("docker", "tag", source, target);
  }

  /** The host's address on Docker's default bridge (172.17.0.1 usually): where pods reach host processes. */
  static String bridgeGateway() {
    // docker network inspect leaves Gateway out on Debian's engine; the bridge's own address is the gateway.
    for (String line : run("ip", "-4", "-o", "addr", "show", "docker0")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new IllegalStateException("docker0 has no IPv4 address");
  }

  /** The nat and filter rules as `iptables-save` prints them. */
  static String iptablesSave() {
    return String.join("\n", run("iptables-save"));
  }

  static void removeContainersOfNode(String node) {
    List<String> ids = run("docker", "ps", "-aq", "--filter", "label=io.kava.node=" + node);
    if (!ids.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("docker", "rm", "-f"));
      args.addAll(ids);
      run(args.toArray(String[]::new));
    }
  }

  static List<String> run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Timed out: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out.trim());
      }
      return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
