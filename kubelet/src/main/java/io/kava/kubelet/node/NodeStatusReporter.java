package io.kava.kubelet.node;

import io.kava.api.core.v1.DaemonEndpoint;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeDaemonEndpoints;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.RuntimeUnavailableException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the Node and keeps its status current: capacity, addresses, system info and the
 * conditions, whose lastHeartbeatTime moves on every report. Ready is True while the container runtime
 * answers, and False (KubeletNotReady) when it does not.
 */
public final class NodeStatusReporter {
  private static final Logger log = LoggerFactory.getLogger(NodeStatusReporter.class);

  private final ResourceClient<Node> nodes;
  private final String name;
  private final String nodeIp;
  private final NodeResources resources;
  private final ContainerRuntime runtime;
  private final Clock clock;
  private final Map<String, String> extraLabels;
  private boolean registered;
  private volatile int kubeletPort;
  private volatile io.kava.kubelet.network.PodNetwork podNetwork;
  private volatile NodeRegistration registration = NodeRegistration.NONE;

  public NodeStatusReporter(ResourceClient<Node> nodes, String name, String nodeIp, NodeResources resources,
      ContainerRuntime runtime, Clock clock) {
    this(nodes, name, nodeIp, resources, runtime, clock, Map.of());
  }

  /** extraLabels go on the Node beside the standard ones (a hollow node's kava.io/hollow). */
  public NodeStatusReporter(ResourceClient<Node> nodes, String name, String nodeIp, NodeResources resources,
      ContainerRuntime runtime, Clock clock, Map<String, String> extraLabels) {
    this.extraLabels = Map.copyOf(extraLabels);
    this.nodes = nodes;
    this.name = name;
    this.nodeIp = nodeIp;
    this.resources = resources;
    this.runtime = runtime;
    this.clock = clock;
  }

  /** The kubelet's streaming port, reported as daemonEndpoints.kubeletEndpoint.Port (the API server dials it). */
  public void kubeletPort(int port) {
    this.kubeletPort = port;
  }

  /**
   * The CNI pod network (--network-plugin=cni): it sees the Node's podCIDR on every report, and until it is
   * ready the node is not (upstream's NetworkPluginNotReady).
   */
  public void podNetwork(io.kava.kubelet.network.PodNetwork network) {
    this.podNetwork = network;
  }

  /** The labels and taints a Node this reporter creates starts with (--node-labels, --register-with-taints). */
  public void registerWith(NodeRegistration registration) {
    this.registration = registration;
  }

  /** The labels every node carries, as upstream's kubelet sets them. */
  public Map<String, String> labels() {
    Map<String, String> labels = new HashMap<>(extraLabels);
    labels.putAll(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
        "kubernetes.io/arch", NodeSystemInfos.architecture()));
    return labels;
  }

  /** Creates the Node or brings an existing one's labels up to date, then reports status. */
  public synchronized void report() {
    Node current;
    try {
      current = nodes.get("", name);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      current = register();
    }
    if (!registered) {
      current = ensureLabels(current);
      registered = true;
    }
    if (podNetwork != null) {
      try {
        podNetwork.observe(current);
      } catch (RuntimeException e) {
        // The status still goes out: NetworkPluginNotReady says why pods cannot start.
        log.warn("Failed to set up the pod network for pod CIDR {}: {}", current.getSpec().getPodCidr(), e.getMessage());
      }
    }
    NodeStatus status = status(current.getStatus());
    nodes.updateStatus(current.toBuilder().setStatus(status).build());
  }

  private Node register() {
    Node node = Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putAllLabels(registration.labels()).putAllLabels(labels()))
        .setSpec(io.kava.api.core.v1.NodeSpec.newBuilder().addAllTaints(registration.taints()))
        .setStatus(status(NodeStatus.getDefaultInstance()))
        .build();
    try {
      Node created = nodes.create(node);
      log.info("Registered node {} with address {}", name, nodeIp);
      return created;
    } catch (ApiException e) {
      if (e.isAlreadyExists()) {
        return nodes.get("", name);
      }
      throw e;
    }
  }

  private Node ensureLabels(Node node) {
    Map<String, String> labels = new HashMap<>(node.getMetadata().getLabelsMap());
    if (labels.entrySet().containsAll(labels().entrySet())) {
      return node;
    }
    labels.putAll(labels());
    return nodes.update(node.toBuilder().setMetadata(node.getMetadata().toBuilder().clearLabels()
        .putAllLabels(labels)).build());
  }

  NodeStatus status(NodeStatus previous) {
    String now = Times.format(clock.instant());
    String runtimeVersion;
    String runtimeProblem = null;
    try {
      runtimeVersion = runtime.version();
    } catch (RuntimeUnavailableException e) {
      runtimeVersion = previous.getNodeInfo().getContainerRuntimeVersion();
      runtimeProblem = "container runtime is down: " + e.getMessage();
    }
    if (runtimeProblem == null && podNetwork != null) {
      runtimeProblem = podNetwork.notReady().orElse(null);
    }
    Map<String, NodeCondition> old = new HashMap<>();
    previous.getConditionsList().forEach(c -> old.put(c.getType(), c));
    List<NodeCondition> conditions = List.of(
        condition(old, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
        condition(old, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
        condition(old, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
        runtimeProblem == null
            ? condition(old, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
            : condition(old, "Ready", "False", "KubeletNotReady", runtimeProblem, now));
    return NodeStatus.newBuilder()
        .putAllCapacity(resources.asMap())
        .putAllAllocatable(resources.asMap())
        .addAllConditions(conditions)
        .addAddresses(NodeAddress.newBuilder().setType("InternalIP").setAddress(nodeIp))
        .addAddresses(NodeAddress.newBuilder().setType("Hostname").setAddress(name))
        .setNodeInfo(NodeSystemInfos.read(runtimeVersion))
        .setDaemonEndpoints(NodeDaemonEndpoints.newBuilder()
            .setKubeletEndpoint(DaemonEndpoint.newBuilder().setPort(kubeletPort)))
        .build();
  }

  private static NodeCondition condition(Map<String, NodeCondition> old, String type, String status, String reason,
      String message, String now) {
    NodeCondition previous = old.get(type);
    String transition = previous != null && previous.getStatus().equals(status) && !previous.getLastTransitionTime().isEmpty()
        ? previous.getLastTransitionTime() : now;
    return NodeCondition.newBuilder().setType(type).setStatus(status).setReason(reason).setMessage(message)
        .setLastHeartbeatTime(now).setLastTransitionTime(transition).build();
  }
}
