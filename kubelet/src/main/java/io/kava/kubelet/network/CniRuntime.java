package io.kava.kubelet.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kava.api.core.v1.Node;
import io.kava.client.net.PodNetworkGuard;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerCreateException;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStartException;
import io.kava.kubelet.runtime.ContainerStreams;
import io.kava.kubelet.runtime.ForwardingContainerRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container runtime with the pod network through CNI ({@code --network-plugin=cni}): a pod sandbox is
 * created with Docker's network {@code none} and without published ports; once it runs, CNI ADD puts it on
 * the node's bridge (its hostPorts through portmap) and the address ADD gave is the sandbox's IP wherever
 * the kubelet reads it (pod status, probes, port-forward). Stopping or removing a sandbox runs DEL first.
 * Everything else goes to the wrapped runtime unchanged.
 */
public final class CniRuntime extends ForwardingContainerRuntime implements ContainerStreams, PodNetwork {
  private static final Logger log = LoggerFactory.getLogger(CniRuntime.class);
  static final String NOT_READY = "container runtime network not ready: NetworkReady=false "
      + "reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized";

  private final CniNetwork network;
  private final Path confDir;
  private final Path dataDir;
  private final PodNetworkGuard guard;
  /** Sandboxes created and not yet started: their pod and the hostPorts portmap publishes on ADD. */
  private final Map<String, CniNetwork.Attachment> pending = new ConcurrentHashMap<>();
  private volatile String podCidr = "";
  private volatile ObjectNode networkList;

  /**
   * @param confDir where the network list is written (--cni-conf-dir)
   * @param dataDir host-local's allocations, one folder per node (several nodes share a host)
   */
  public CniRuntime(ContainerRuntime runtime, CniNetwork network, Path confDir, Path dataDir, PodNetworkGuard guard) {
    super(runtime);
    this.network = network;
    this.confDir = confDir;
    this.dataDir = dataDir;
    this.guard = guard;
  }

  @Override
  public synchronized void observe(Node node) {
    String cidr = node.getSpec().getPodCidr();
    if (cidr.isEmpty() || cidr.equals(podCidr)) {
      return;
    }
    // The guard goes in before the bridge (the first ADD) makes the pod subnet routable.
    PodNetworkGuard g = guard;
    if (!io.kava.client.net.ServiceCidr.parse(PodNetworkGuard.CLUSTER_CIDR).contains(cidr.substring(0, cidr.indexOf('/')))) {
      g = guard.with(new PodNetworkGuard.Range(cidr, CniConfig.bridgeName(cidr)));
    }
    g.ensure();
    networkList = CniConfig.write(confDir, cidr, dataDir);
    podCidr = cidr;
    log.info("Wrote the CNI config for pod CIDR {} (bridge {}) in {}", cidr, CniConfig.bridgeName(cidr), confDir);
  }

  @Override
  public Optional<String> notReady() {
    return networkList == null ? Optional.of(NOT_READY) : Optional.empty();
  }

  @Override
  public void collectGarbage() {
    for (String id : network.attached()) {
      if (runtime.inspectContainer(id).isEmpty()) {
        delete(id, "");
      }
    }
  }

  @Override
  public String createContainer(ContainerConfig config) throws ContainerCreateException {
    if (!isNetworkedSandbox(config)) {
      return runtime.createContainer(config);
    }
    String id = runtime.createContainer(new ContainerConfig(config.name(), config.image(), config.entrypoint(),
        config.cmd(), config.env(), config.workingDir(), config.labels(), config.hostname(), "none", List.of(),
        config.resources(), config.mounts(), config.stdio(), config.security()));
    pending.put(id, new CniNetwork.Attachment(id, "", config.portMappings().stream()
        .map(p -> new CniNetwork.PortMapping(p.hostIp(), p.hostPort(), p.containerPort(), p.protocol())).toList(),
        config.labels().getOrDefault(ContainerLabels.POD_NAMESPACE, ""),
        config.labels().getOrDefault(ContainerLabels.POD_NAME, "")));
    return id;
  }

  @Override
  public void startContainer(String id) throws ContainerStartException {
    CniNetwork.Attachment sandbox = pending.remove(id);
    ObjectNode list = networkList;
    if (sandbox != null && list == null) {
      throw new ContainerStartException("network is not ready: " + NOT_READY, null);
    }
    runtime.startContainer(id);
    if (sandbox == null) {
      return;
    }
    long pid = runtime.pid(id);
    if (pid <= 0) {
      throw new ContainerStartException("sandbox " + id + " stopped before its network was set up", null);
    }
    try {
      String ip = network.add(list, new CniNetwork.Attachment(id, "/proc/" + pid + "/ns/net", sandbox.portMappings(),
          sandbox.podNamespace(), sandbox.podName()));
      log.info("Added sandbox {} of pod {}/{} to the pod network with IP {}", shortId(id), sandbox.podNamespace(),
          sandbox.podName(), ip);
    } catch (CniException e) {
      throw new ContainerStartException("failed to set up the network of sandbox " + shortId(id) + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String id) {
    Optional<ContainerInfo> info = runtime.inspectContainer(id);
    if (info.isEmpty() || !info.get().ipAddress().isEmpty()
        || !ContainerLabels.SANDBOX_NAME.equals(info.get().label(ContainerLabels.CONTAINER_NAME))) {
      return info;
    }
    ContainerInfo i = info.get();
    return network.ip(id).map(ip -> new ContainerInfo(i.id(), i.name(), i.image(), i.imageId(), i.labels(), i.state(),
        i.exitCode(), i.oomKilled(), i.error(), i.createdAt(), i.startedAt(), i.finishedAt(), ip)).or(() -> info);
  }

  @Override
  public void stopContainer(String id, Duration gracePeriod) {
    // Upstream tears the network down before it stops the sandbox, while the namespace still exists.
    delete(id, null);
    runtime.stopContainer(id, gracePeriod);
  }

  @Override
  public void removeContainer(String id) {
    pending.remove(id);
    delete(id, null);
    runtime.removeContainer(id);
  }

  /** DEL of a sandbox's network; netns null: the running sandbox's, else none. Failures are logged (the cache stays, so a later stop or remove tries again). */
  private void delete(String id, String netns) {
    if (network.ip(id).isEmpty()) {
      return; // not a sandbox of ours, or already deleted
    }
    String ns = netns;
    if (ns == null) {
      long pid = runtime.pid(id);
      ns = pid > 0 ? "/proc/" + pid + "/ns/net" : "";
    }
    try {
      network.del(id, ns);
      log.info("Deleted the pod network of sandbox {}", shortId(id));
    } catch (CniException e) {
      log.warn("Failed to delete the pod network of sandbox {}: {}", shortId(id), e.getMessage());
    }
  }

  private static boolean isNetworkedSandbox(ContainerConfig config) {
    return ContainerLabels.SANDBOX_NAME.equals(config.labels().get(ContainerLabels.CONTAINER_NAME))
        && !"host".equals(config.networkMode());
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  // ------------------------------------------------------------------ the rest goes to the runtime

  @Override
  public void logs(String containerId, LogOptions options, OutputStream out) throws IOException {
    streams().logs(containerId, options, out);
  }

  @Override
  public StreamSession exec(String containerId, List<String> command, Stdio stdio) {
    return streams().exec(containerId, command, stdio);
  }

  @Override
  public StreamSession attach(String containerId, Stdio stdio) {
    return streams().attach(containerId, stdio);
  }

  private ContainerStreams streams() {
    if (runtime instanceof ContainerStreams s) {
      return s;
    }
    throw new UnsupportedOperationException("the container runtime serves no streams");
  }
}
