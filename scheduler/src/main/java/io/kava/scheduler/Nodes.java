package io.kava.scheduler;

import io.kava.api.core.v1.Node;
import java.util.List;

/** Questions the scheduler asks about a node. */
final class Nodes {
  private Nodes() {}

  /**
   * Whether an update can change where pods fit: schedulability, taints, labels, allocatable or a
   * condition's status. Heartbeats (condition times) do not, so the kubelet's status posts every few
   * seconds do not send every unschedulable pod around again.
   */
  static boolean schedulingPropertiesChanged(Node oldNode, Node newNode) {
    return oldNode.getSpec().getUnschedulable() != newNode.getSpec().getUnschedulable()
        || !oldNode.getSpec().getTaintsList().equals(newNode.getSpec().getTaintsList())
        || !oldNode.getMetadata().getLabelsMap().equals(newNode.getMetadata().getLabelsMap())
        || !oldNode.getStatus().getAllocatableMap().equals(newNode.getStatus().getAllocatableMap())
        || !conditionStatuses(oldNode).equals(conditionStatuses(newNode));
  }

  private static List<String> conditionStatuses(Node node) {
    return node.getStatus().getConditionsList().stream()
        .map(c -> c.getType() + "=" + c.getStatus())
        .sorted()
        .toList();
  }
}
