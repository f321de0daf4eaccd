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
 * @param resources cpu shares and quota, memory and process limits (Docker's cgroup settings)
 * @param mounts host directories or files bound into the container (the pod's volumes)
 * @param stdio the container's stdin and tty (a pod container's stdin, stdinOnce and tty), so that
 *     `kavactl attach -i` and `run -it` have a stdin to write to
 * @param security user, groups, capabilities and the other settings of the container's securityContext
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
    Resources resources,
    List<Mount> mounts,
    StdinTty stdio,
    Security security) {

  public ContainerConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
    portMappings = List.copyOf(portMappings);
    mounts = List.copyOf(mounts);
  }

  /** Without a security context. */
  public ContainerConfig(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
      String workingDir, Map<String, String> labels, String hostname, String networkMode,
      List<PortMapping> portMappings, Resources resources, List<Mount> mounts, StdinTty stdio) {
    this(name, image, entrypoint, cmd, env, workingDir, labels, hostname, networkMode, portMappings, resources,
        mounts, stdio, Security.NONE);
  }

  /** Without stdin or tty. */
  public ContainerConfig(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
      String workingDir, Map<String, String> labels, String hostname, String networkMode,
      List<PortMapping> portMappings, Resources resources, List<Mount> mounts) {
    this(name, image, entrypoint, cmd, env, workingDir, labels, hostname, networkMode, portMappings, resources,
        mounts, StdinTty.NONE);
  }

  /** Without mounts. */
  public ContainerConfig(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
      String workingDir, Map<String, String> labels, String hostname, String networkMode,
      List<PortMapping> portMappings, Resources resources) {
    this(name, image, entrypoint, cmd, env, workingDir, labels, hostname, networkMode, portMappings, resources,
        List.of());
  }

  /** Docker's OpenStdin, StdinOnce and Tty, as upstream's kubelet passes a container's stdin, stdinOnce, tty. */
  public record StdinTty(boolean stdin, boolean stdinOnce, boolean tty) {
    public static final StdinTty NONE = new StdinTty(false, false, false);
  }

  /**
   * Docker's cgroup settings, as upstream's kubelet computes them from requests and limits.
   *
   * @param cpuShares relative cpu weight (CpuShares), 0 for Docker's default
   * @param cpuQuota microseconds of cpu per period (CpuQuota), 0 for no limit
   * @param cpuPeriod the CFS period in microseconds (CpuPeriod), 0 for Docker's default
   * @param memoryBytes memory limit (Memory, and MemorySwap the same: no swap), 0 for none
   * @param pidsLimit most processes the container may have at once (PidsLimit, the cgroup's pids.max),
   *     0 for no limit: the kubelet's --pod-max-pids
   */
  public record Resources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryBytes, long pidsLimit) {
    public static final Resources NONE = new Resources(0, 0, 0, 0);

    /** Without a process limit. */
    public Resources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryBytes) {
      this(cpuShares, cpuQuota, cpuPeriod, memoryBytes, 0);
    }

    public static Resources memory(long bytes) {
      return new Resources(0, 0, 0, bytes);
    }

    /** The same with a process limit; 0 or less: none. */
    public Resources withPidsLimit(long limit) {
      return new Resources(cpuShares, cpuQuota, cpuPeriod, memoryBytes, Math.max(0, limit));
    }
  }

  /**
   * What a securityContext asks of Docker.
   *
   * @param user Docker's User ("uid", "uid:gid", or "" for the image's own)
   * @param groupAdd supplementary groups (the pod's supplementalGroups and fsGroup)
   * @param securityOpts Docker's SecurityOpt ("no-new-privileges", "seccomp=unconfined", ...)
   * @param sysctls namespaced kernel parameters set in the container's namespaces
   */
  public record Security(String user, List<String> groupAdd, boolean readOnlyRootfs, boolean privileged,
      List<String> capAdd, List<String> capDrop, List<String> securityOpts, Map<String, String> sysctls) {
    public static final Security NONE = new Security("", List.of(), false, false, List.of(), List.of(), List.of(),
        Map.of());

    public Security {
      groupAdd = List.copyOf(groupAdd);
      capAdd = List.copyOf(capAdd);
      capDrop = List.copyOf(capDrop);
      securityOpts = List.copyOf(securityOpts);
      sysctls = Map.copyOf(sysctls);
    }
  }

  /** A host path bound at containerPath. */
  public record Mount(String hostPath, String containerPath, boolean readOnly) {}

  /** Publishes containerPort/protocol on hostIp:hostPort. */
  public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {}
}
