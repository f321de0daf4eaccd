package io.kava.scheduler;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiObjects;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.preemption.PodImportance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods nominated to a node by preemption and not yet bound, by node (upstream's nominator): while the
 * victims terminate, a pod of lower or equal priority scheduled meanwhile sees the nominated pod's
 * requests already counted on that node, so it cannot take the room that was made. Fed from the pods'
 * status.nominatedNodeName and from the scheduler's own nominations.
 */
final class Nominator {
  /** Nominated pod key to the pod, placed on its nominated node (spec.nodeName set for the filters). */
  private final Map<String, Pod> nominated = new HashMap<>();

  /** The pod's nomination as its status says; an assigned pod, or one without a nomination, has none. */
  synchronized void update(Pod pod) {
    String node = pod.getStatus().getNominatedNodeName();
    if (node.isEmpty() || Pods.isAssigned(pod)) {
      nominated.remove(ApiObjects.key(pod));
    } else {
      nominate(pod, node);
    }
  }

  synchronized void nominate(Pod pod, String nodeName) {
    nominated.put(ApiObjects.key(pod), pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(nodeName)).build());
  }

  synchronized void remove(String key) {
    nominated.remove(key);
  }

  /** The pods nominated to NODE_NAME, other than EXCEPT. */
  synchronized List<Pod> nominatedTo(String nodeName, String except) {
    List<Pod> pods = new ArrayList<>();
    nominated.forEach((key, p) -> {
      if (!key.equals(except) && p.getSpec().getNodeName().equals(nodeName)) {
        pods.add(p);
      }
    });
    return pods;
  }

  /**
   * NODES with the pods nominated there of at least POD's priority counted on their nodes (upstream's
   * addNominatedPods); the same list when there are none.
   */
  synchronized List<NodeInfo> withNominated(Pod pod, List<NodeInfo> nodes) {
    if (nominated.isEmpty()) {
      return nodes;
    }
    String self = ApiObjects.key(pod);
    int priority = PodImportance.priority(pod);
    Map<String, List<Pod>> byNode = new HashMap<>();
    nominated.forEach((key, p) -> {
      if (!key.equals(self) && PodImportance.priority(p) >= priority) {
        byNode.computeIfAbsent(p.getSpec().getNodeName(), n -> new ArrayList<>()).add(p);
      }
    });
    if (byNode.isEmpty()) {
      return nodes;
    }
    List<NodeInfo> adjusted = new ArrayList<>(nodes);
    for (int i = 0; i < adjusted.size(); i++) {
      List<Pod> extra = byNode.get(adjusted.get(i).name());
      if (extra != null) {
        List<Pod> pods = new ArrayList<>(adjusted.get(i).pods());
        pods.addAll(extra);
        adjusted.set(i, NodeInfo.of(adjusted.get(i).node(), pods));
      }
    }
    return adjusted;
  }
}
