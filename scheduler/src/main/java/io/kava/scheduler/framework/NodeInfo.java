package io.kava.scheduler.framework;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.client.quantity.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node and the pods that count against it (bound and assumed, not terminated), with their sums
 * computed once: upstream's framework.NodeInfo. Immutable; the scheduler builds a fresh set for each
 * scheduling cycle.
 */
public final class NodeInfo {
  private final Node node;
  private final List<Pod> pods;
  private final Resources requested;
  private final Resources nonZeroRequested;
  private final Resources allocatable;
  private final long allowedPodNumber;
  private final HostPorts usedPorts = new HostPorts();
  /**
   * Pods by (namespace, controller uid), for spreading; a record key, not a string built per lookup. Both
   * strings are interned, so the lookup of every feasible node compares them by reference, not by content.
   */
  private record Controlled(String namespace, String uid) {}

  private final Map<Controlled, Long> controlledPods = new HashMap<>();
  private final boolean ready;
  private final Map<String, String> labels;

  private NodeInfo(Node node, List<PodInfo> podInfos) {
    this.node = node;
    Pod[] podArray = new Pod[podInfos.size()];
    long cpu = 0;
    long memory = 0;
    long nonZeroCpu = 0;
    long nonZeroMemory = 0;
    for (int i = 0; i < podArray.length; i++) {
      PodInfo p = podInfos.get(i);
      podArray[i] = p.pod();
      cpu += p.requests().milliCpu();
      memory += p.requests().memory();
      nonZeroCpu += p.nonZeroRequests().milliCpu();
      nonZeroMemory += p.nonZeroRequests().memory();
      p.hostPorts().forEach(usedPorts::add);
      p.controllerUid().ifPresent(uid ->
          controlledPods.merge(new Controlled(p.pod().getMetadata().getNamespace().intern(), uid), 1L, Long::sum));
    }
    this.pods = List.of(podArray);
    this.requested = new Resources(cpu, memory);
    this.nonZeroRequested = new Resources(nonZeroCpu, nonZeroMemory);
    Map<String, String> alloc = node.getStatus().getAllocatableMap();
    this.allocatable = new Resources(quantity(alloc, "cpu", true), quantity(alloc, "memory", false));
    this.allowedPodNumber = quantity(alloc, "pods", false);
    this.ready = readyConditionTrue(node);
    this.labels = node.getMetadata().getLabelsMap();
  }

  public static NodeInfo of(Node node, List<Pod> pods) {
    return new NodeInfo(node, pods.stream().map(PodInfo::of).toList());
  }

  /** From pods whose sums were worked out when they were counted (the scheduler cache keeps them so). */
  public static NodeInfo ofPodInfos(Node node, List<PodInfo> pods) {
    return new NodeInfo(node, pods);
  }

  public Node node() {
    return node;
  }

  public String name() {
    return node.getMetadata().getName();
  }

  /** The node's labels, a read-only view of the message's own map (not a copy). */
  public Map<String, String> labels() {
    return labels;
  }

  public List<Pod> pods() {
    return pods;
  }

  /** Sum of the requests of the pods on the node. */
  public Resources requested() {
    return requested;
  }

  /** The same sum with upstream's defaults for request-less containers, for scoring. */
  public Resources nonZeroRequested() {
    return nonZeroRequested;
  }

  public Resources allocatable() {
    return allocatable;
  }

  /** status.allocatable["pods"]; 0 when the node does not say, as upstream. */
  public long allowedPodNumber() {
    return allowedPodNumber;
  }

  public HostPorts usedPorts() {
    return usedPorts;
  }

  /** How many pods of the namespace, not being deleted, have this controller (ownerReference uid). */
  public long podsControlledBy(String namespace, String controllerUid) {
    return controlledPods.getOrDefault(new Controlled(namespace, controllerUid), 0L);
  }

  /** Whether the node's Ready condition is True; read once here, as every cycle asks it of every node. */
  public boolean ready() {
    return ready;
  }

  private static boolean readyConditionTrue(Node node) {
    for (NodeCondition c : node.getStatus().getConditionsList()) {
      if (c.getType().equals("Ready")) {
        return c.getStatus().equals("True");
      }
    }
    return false;
  }

  /** A malformed quantity on a node counts as none: the node is then skipped, not the scheduler. */
  private static long quantity(Map<String, String> list, String name, boolean milli) {
    String q = list.get(name);
    if (q == null) {
      return 0;
    }
    Quantity parsed = Quantity.parseOrNull(q);
    if (parsed == null) {
      return 0;
    }
    return milli ? parsed.milliValue() : parsed.value();
  }
}
