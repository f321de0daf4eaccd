package io.kava.scheduler.framework;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.client.quantity.Quantity;
import io.kava.client.selector.NodeMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
  private final boolean ready;
  /** The pods with pod affinity or anti-affinity, and those with required anti-affinity, parsed once. */
  private final List<PodAffinityTerms> podsWithAffinity;
  private final List<PodAffinityTerms> podsWithRequiredAntiAffinity;
  /**
   * Counts of pods matching a question, by a key that names the question: infos outlive many cycles (the
   * cache rebuilds only changed nodes), and the pods of one workload ask the same question in a row.
   */
  private final Map<Object, Integer> podCounts = new ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED_COUNTS = 256;
  private final Map<String, String> labels;

  private NodeInfo(Node node, List<PodInfo> podInfos) {
    this.node = node;
    Pod[] podArray = new Pod[podInfos.size()];
    long cpu = 0;
    long memory = 0;
    long nonZeroCpu = 0;
    long nonZeroMemory = 0;
    List<PodAffinityTerms> withAffinity = new ArrayList<>();
    List<PodAffinityTerms> withRequiredAnti = new ArrayList<>();
    for (int i = 0; i < podArray.length; i++) {
      PodInfo p = podInfos.get(i);
      podArray[i] = p.pod();
      cpu += p.requests().milliCpu();
      memory += p.requests().memory();
      nonZeroCpu += p.nonZeroRequests().milliCpu();
      nonZeroMemory += p.nonZeroRequests().memory();
      p.hostPorts().forEach(usedPorts::add);
      p.affinityTerms().ifPresent(terms -> {
        withAffinity.add(terms);
        if (!terms.requiredAntiAffinity().isEmpty()) {
          withRequiredAnti.add(terms);
        }
      });
    }
    this.pods = List.of(podArray);
    this.requested = new Resources(cpu, memory);
    this.nonZeroRequested = new Resources(nonZeroCpu, nonZeroMemory);
    Map<String, String> alloc = node.getStatus().getAllocatableMap();
    this.allocatable = new Resources(quantity(alloc, "cpu", true), quantity(alloc, "memory", false));
    this.allowedPodNumber = quantity(alloc, "pods", false);
    this.ready = readyConditionTrue(node);
    this.podsWithAffinity = List.copyOf(withAffinity);
    this.podsWithRequiredAntiAffinity = List.copyOf(withRequiredAnti);
    this.labels = NodeMatcher.internedLabels(node.getMetadata().getLabelsMap());
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

  /** The node's labels, read-only, keys interned for the node matchers ({@link NodeMatcher#internedLabels}). */
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

  /** The pods with pod affinity or anti-affinity of any kind (upstream's PodsWithAffinity). */
  public List<PodAffinityTerms> podsWithAffinity() {
    return podsWithAffinity;
  }

  /** The pods with required pod anti-affinity (upstream's PodsWithRequiredAntiAffinity). */
  public List<PodAffinityTerms> podsWithRequiredAntiAffinity() {
    return podsWithRequiredAntiAffinity;
  }

  /**
   * How many of the node's pods match, remembered under {@code question}: equal keys must mean the same
   * predicate (a record of the selector and namespace it checks). Safe from several threads.
   */
  public int countPods(Object question, Predicate<Pod> matches) {
    Integer known = podCounts.get(question);
    if (known != null) {
      return known;
    }
    int count = 0;
    for (Pod p : pods) {
      if (matches.test(p)) {
        count++;
      }
    }
    if (podCounts.size() >= MAX_REMEMBERED_COUNTS) {
      podCounts.clear();
    }
    podCounts.put(question, count);
    return count;
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
