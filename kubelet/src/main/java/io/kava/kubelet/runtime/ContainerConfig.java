package io.kava.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one container.
 *
 * @param entrypoint replaces the image's entrypoint when non-empty (a pod container's command)
 * @param cmd replaces the image's cmd when non-empty (a pod container's args)
 * @param env "NAME=value" entries
 * @param hostname only for containers with their own network (the sandbox)
 * @param networkMode null for the default bridge, or "container:ID" to join a sandbox's namespace
 * @param nanoCpus CPU limit in 1e-9 CPUs, 0 for none
 * @param memoryBytes memory limit, 0 for none
 * @param mounts host directories or files bound into the container (the pod's volumes)
 * @param stdio the container's stdin and tty (a pod container's stdin, stdinOnce and tty), so that
 *     `kavactl attach -i` and `run -it` have a stdin to write to
 */
public record ContainerConfig(
    String name,
    String image,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    String workingDir,
    Map<String, String> labels,
    String hostname,
    String networkMode,
    List<PortMapping> portMappings,
    long nanoCpus,
    long memoryBytes,
    List<Mount> mounts,
    StdinTty stdio) {

  public ContainerConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
    portMappings = List.copyOf(portMappings);
    mounts = List.copyOf(mounts);
  }

  /** Without stdin or tty. */
  public ContainerConfig(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
      String workingDir, Map<String, String> labels, String hostname, String networkMode,
      List<PortMapping> portMappings, long nanoCpus, long memoryBytes, List<Mount> mounts) {
    this(name, image, entrypoint, cmd, env, workingDir, labels, hostname, networkMode, portMappings, nanoCpus,
        memoryBytes, mounts, StdinTty.NONE);
  }

  /** Without mounts. */
  public ContainerConfig(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
      String workingDir, Map<String, String> labels, String hostname, String networkMode,
      List<PortMapping> portMappings, long nanoCpus, long memoryBytes) {
    this(name, image, entrypoint, cmd, env, workingDir, labels, hostname, networkMode, portMappings, nanoCpus,
        memoryBytes, List.of());
  }

  /** Docker's OpenStdin, StdinOnce and Tty, as upstream's kubelet passes a container's stdin, stdinOnce, tty. */
  public record StdinTty(boolean stdin, boolean stdinOnce, boolean tty) {
    public static final StdinTty NONE = new StdinTty(false, false, false);
  }

  /** A host path bound at containerPath. */
  public record Mount(String hostPath, String containerPath, boolean readOnly) {}

  /** Publishes containerPort/protocol on hostIp:hostPort. */
  public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {}
}
