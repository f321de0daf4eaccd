package io.kava.scheduler;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiObjects;
import io.kava.client.informer.Lister;
import io.kava.scheduler.framework.NodeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the scheduler believes is on each node: the informers' bound pods plus the pods it has
 * assumed. A pod is assumed the moment a node is chosen, before the bind reaches the API server and
 * long before the watch shows it bound (upstream's AssumePod), so the next pod of a burst already
 * sees it. The watch confirming the binding, a failed bind, or the pod's deletion forgets it.
 */
final class SchedulerCache {
  private final Lister<Node> nodes;
  private final Lister<Pod> pods;
  private final Map<String, Pod> assumed = new ConcurrentHashMap<>();

  SchedulerCache(Lister<Node> nodes, Lister<Pod> pods) {
    this.nodes = nodes;
    this.pods = pods;
  }

  void assume(Pod pod, String nodeName) {
    assumed.put(ApiObjects.key(pod), pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(nodeName)).build());
  }

  boolean isAssumed(String key) {
    return assumed.containsKey(key);
  }

  /** Stops counting the assumed pod: the watch now shows where it really is, or the bind failed. */
  void forget(String key) {
    assumed.remove(key);
  }

  Optional<String> assumedNode(String key) {
    return Optional.ofNullable(assumed.get(key)).map(p -> p.getSpec().getNodeName());
  }

  /**
   * Every node with the pods counted against it, sorted by name: bound pods that have not terminated,
   * plus assumed pods the watch has not yet shown bound (a pod counts once, whichever way).
   */
  List<NodeInfo> snapshot() {
    Map<String, List<Pod>> byNode = new HashMap<>();
    for (Pod pod : pods.list()) {
      if (Pods.isAssigned(pod) && !Pods.isTerminated(pod)) {
        byNode.computeIfAbsent(pod.getSpec().getNodeName(), n -> new ArrayList<>()).add(pod);
      }
    }
    assumed.forEach((key, pod) -> {
      boolean boundInCache = pods.get(key).map(Pods::isAssigned).orElse(false);
      if (!boundInCache) {
        byNode.computeIfAbsent(pod.getSpec().getNodeName(), n -> new ArrayList<>()).add(pod);
      }
    });
    List<Node> sorted = new ArrayList<>(nodes.list());
    sorted.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    List<NodeInfo> infos = new ArrayList<>(sorted.size());
    for (Node node : sorted) {
      infos.add(NodeInfo.of(node, byNode.getOrDefault(node.getMetadata().getName(), List.of())));
    }
    return infos;
  }
}
