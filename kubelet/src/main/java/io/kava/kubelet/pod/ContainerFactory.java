package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a pod's spec into Docker container configurations: the sandbox, and each app or init container. */
public final class ContainerFactory {
  /** Upstream's default when the pod does not say. */
  public static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

  private final String node;
  private final String nodeIp;
  private final String sandboxImage;
  private final EnvResolver env;
  private final ContainerSecurity security;
  private final TerminationMessages terminationMessages;
  private final long podPidsLimit;

  /** Without a process limit. */
  public ContainerFactory(String node, String nodeIp, String sandboxImage, EnvResolver env,
      ContainerSecurity security, TerminationMessages terminationMessages) {
    this(node, nodeIp, sandboxImage, env, security, terminationMessages, -1);
  }

  /**
   * @param security turns securityContexts into Docker settings (it asks the engine for an image's user)
   * @param terminationMessages makes each container's termination-log file and reads it back
   * @param podPidsLimit --pod-max-pids: the PidsLimit of every container of a pod, the sandbox included;
   *     -1 (upstream's default) or 0: none
   */
  public ContainerFactory(String node, String nodeIp, String sandboxImage, EnvResolver env,
      ContainerSecurity security, TerminationMessages terminationMessages, long podPidsLimit) {
    this.podPidsLimit = podPidsLimit;
    this.node = node;
    this.nodeIp = nodeIp;
    this.sandboxImage = sandboxImage;
    this.env = env;
    this.security = security;
    this.terminationMessages = terminationMessages;
  }

  public TerminationMessages terminationMessages() {
    return terminationMessages;
  }

  public String sandboxImage() {
    return sandboxImage;
  }

  public static long gracePeriodSeconds(Pod pod) {
    return pod.getSpec().hasTerminationGracePeriodSeconds() ? pod.getSpec().getTerminationGracePeriodSeconds()
        : DEFAULT_GRACE_PERIOD_SECONDS;
  }

  /**
   * The sandbox owns the pod's network namespace, so it carries the hostname and every hostPort
   * (published on the node's address unless the port names its own hostIP).
   */
  public ContainerConfig sandbox(Pod pod, int attempt) {
    List<ContainerConfig.PortMapping> ports = new ArrayList<>();
    List<Container> all = new ArrayList<>(pod.getSpec().getInitContainersList());
    all.addAll(pod.getSpec().getContainersList());
    for (Container c : all) {
      for (ContainerPort p : c.getPortsList()) {
        if (p.getHostPort() > 0) {
          String hostIp = p.getHostIp().isEmpty() ? nodeIp : p.getHostIp();
          ports.add(new ContainerConfig.PortMapping(hostIp, p.getHostPort(), p.getContainerPort(),
              p.getProtocol().isEmpty() ? "TCP" : p.getProtocol()));
        }
      }
    }
    String hostname = pod.getSpec().getHostname().isEmpty() ? pod.getMetadata().getName() : pod.getSpec().getHostname();
    if (hostname.length() > 63) {
      hostname = hostname.substring(0, 63);
    }
    if (pod.getSpec().getHostNetwork()) {
      // The node's own network: nothing to publish, and Docker refuses a hostname there.
      return new ContainerConfig(ContainerNames.of(pod, ContainerLabels.SANDBOX_NAME, attempt), sandboxImage,
          List.of(), List.of(), List.of(), "",
          ContainerLabels.forContainer(pod, node, ContainerLabels.SANDBOX_NAME, attempt, null, gracePeriodSeconds(pod)),
          null, "host", List.of(), sandboxResources());
    }
    return new ContainerConfig(ContainerNames.of(pod, ContainerLabels.SANDBOX_NAME, attempt), sandboxImage,
        List.of(), List.of(), List.of(), "",
        ContainerLabels.forContainer(pod, node, ContainerLabels.SANDBOX_NAME, attempt, null, gracePeriodSeconds(pod)),
        hostname, null, ports, sandboxResources(), List.of(), ContainerConfig.StdinTty.NONE,
        sandboxSecurity(pod));
  }

  /**
   * The sandbox gets the limit too, so that no container of the pod runs without one. Docker limits each
   * container, not the pod as a whole as upstream's pod cgroup does (docs/kubelet.md).
   */
  private ContainerConfig.Resources sandboxResources() {
    return ContainerConfig.Resources.NONE.withPidsLimit(podPidsLimit);
  }

  /** The sandbox holds the network namespace: the pod's net.* sysctls are set there. */
  private static ContainerConfig.Security sandboxSecurity(Pod pod) {
    Map<String, String> sysctls = ContainerSecurity.sysctls(pod, true);
    return sysctls.isEmpty() ? ContainerConfig.Security.NONE : new ContainerConfig.Security("", List.of(), false,
        false, List.of(), List.of(), List.of(), sysctls);
  }

  /**
   * An app or init container joining the sandbox's network namespace, with its volumes' mounts and its
   * own termination-log file. A spec it cannot run as asked (a reference that does not resolve, a root
   * user under runAsNonRoot) is a ConfigError: the container waits with CreateContainerConfigError.
   */
  public ContainerConfig container(Pod pod, Container c, String sandboxId, String podIp, int restartCount,
      List<ContainerConfig.Mount> volumeMounts) throws EnvResolver.ConfigError {
    Map<String, String> vars = env.resolve(pod, c, podIp, nodeIp);
    ContainerConfig.Security securitySettings = security.of(pod, c);
    List<ContainerConfig.Mount> mounts = new ArrayList<>(volumeMounts);
    if (mounts.stream().noneMatch(m -> m.containerPath().equals(c.getTerminationMessagePath()))) {
      terminationMessages.mount(pod, c, restartCount).ifPresent(mounts::add);
    }
    List<String> envList = new ArrayList<>(vars.size());
    vars.forEach((k, v) -> envList.add(k + "=" + v));
    return new ContainerConfig(ContainerNames.of(pod, c.getName(), restartCount), c.getImage(),
        EnvResolver.expandAll(c.getCommandList(), vars), EnvResolver.expandAll(c.getArgsList(), vars), envList,
        c.getWorkingDir(),
        ContainerLabels.forContainer(pod, node, c.getName(), restartCount, sandboxId, gracePeriodSeconds(pod)),
        null, "container:" + sandboxId, List.of(), ResourceLimits.of(c).withPidsLimit(podPidsLimit), mounts,
        new ContainerConfig.StdinTty(c.getStdin(), c.getStdinOnce(), c.getTty()), securitySettings);
  }
}
