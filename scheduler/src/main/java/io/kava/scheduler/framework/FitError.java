package io.kava.scheduler.framework;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Why no node fits a pod, and the message upstream writes into PodScheduled and FailedScheduling:
 * "0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {key: value}."
 * Each node counts once for every reason it was rejected with; reasons are listed in sorted order.
 * UNRESOLVABLE names the nodes whose rejection preemption cannot change.
 */
public record FitError(int numAllNodes, Map<String, List<String>> reasonsByNode, Set<String> unresolvable) {
  /** Upstream's ErrNoNodesAvailable, for a cluster without nodes. */
  public static final String NO_NODES_MESSAGE = "no nodes available to schedule pods";

  public FitError {
    reasonsByNode = Map.copyOf(reasonsByNode);
    unresolvable = Set.copyOf(unresolvable);
  }

  public FitError(int numAllNodes, Map<String, List<String>> reasonsByNode) {
    this(numAllNodes, reasonsByNode, Set.of());
  }

  public String message() {
    if (numAllNodes == 0) {
      return NO_NODES_MESSAGE;
    }
    Map<String, Integer> counts = new TreeMap<>();
    reasonsByNode.values().forEach(reasons -> reasons.forEach(r -> counts.merge(r, 1, Integer::sum)));
    StringBuilder message = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
    if (!counts.isEmpty()) {
      message.append(' ');
      String separator = "";
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        message.append(separator).append(e.getValue()).append(' ').append(e.getKey());
        separator = ", ";
      }
      message.append('.');
    }
    return message.toString();
  }
}
