package io.kava.controllermanager.nodelifecycle;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeStatus;
import io.kava.client.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading a node's conditions, and upstream's marking of them Unknown when the kubelet went quiet. */
final class NodeConditions {
  static final String READY = "Ready";
  static final String UNKNOWN = "Unknown";
  static final String STATUS_UNKNOWN_REASON = "NodeStatusUnknown";
  static final String STATUS_UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";
  static final String NEVER_UPDATED_REASON = "NodeStatusNeverUpdated";
  static final String NEVER_UPDATED_MESSAGE = "Kubelet never posted node status.";
  /** The conditions upstream sets Unknown even when the kubelet never posted them. */
  static final List<String> KUBELET_CONDITIONS = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

  private NodeConditions() {}

  static Optional<NodeCondition> get(NodeStatus status, String type) {
    return status.getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  static Optional<NodeCondition> ready(Node node) {
    return get(node.getStatus(), READY);
  }

  /** The Ready status, "" when the node has no Ready condition. */
  static String readyStatus(Node node) {
    return ready(node).map(NodeCondition::getStatus).orElse("");
  }

  /**
   * Every condition Unknown ("Kubelet stopped posting node status."), the kubelet's usual four added
   * when missing; conditions already Unknown keep their transition time.
   */
  static NodeStatus markUnknown(Node node, Instant now) {
    String nowText = Times.format(now);
    List<NodeCondition> conditions = new ArrayList<>();
    for (NodeCondition c : node.getStatus().getConditionsList()) {
      conditions.add(c.getStatus().equals(UNKNOWN) ? c : c.toBuilder().setStatus(UNKNOWN)
          .setReason(STATUS_UNKNOWN_REASON).setMessage(STATUS_UNKNOWN_MESSAGE).setLastTransitionTime(nowText).build());
    }
    for (String type : KUBELET_CONDITIONS) {
      if (get(node.getStatus(), type).isEmpty()) {
        conditions.add(NodeCondition.newBuilder().setType(type).setStatus(UNKNOWN).setReason(NEVER_UPDATED_REASON)
            .setMessage(NEVER_UPDATED_MESSAGE).setLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
            .setLastTransitionTime(nowText).build());
      }
    }
    return node.getStatus().toBuilder().clearConditions().addAllConditions(conditions).build();
  }
}
