package io.kava.controllermanager.nodelifecycle;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Taint;
import io.kava.client.taints.Taints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's TaintNodesByCondition: the NoSchedule taints a node's conditions and spec.unschedulable
 * call for, so the scheduler keeps new pods off it.
 */
final class ConditionTaints {
  /** Condition type, then status, to taint key (upstream nodeConditionToTaintKeyStatusMap). */
  private static final Map<String, Map<String, String>> BY_CONDITION = Map.of(
      "Ready", Map.of("False", Taints.NOT_READY, "Unknown", Taints.UNREACHABLE),
      "MemoryPressure", Map.of("True", Taints.MEMORY_PRESSURE),
      "DiskPressure", Map.of("True", Taints.DISK_PRESSURE),
      "NetworkUnavailable", Map.of("True", Taints.NETWORK_UNAVAILABLE),
      "PIDPressure", Map.of("True", Taints.PID_PRESSURE));
  private static final Set<String> MANAGED_KEYS = Set.of(Taints.NOT_READY, Taints.UNREACHABLE, Taints.MEMORY_PRESSURE,
      Taints.DISK_PRESSURE, Taints.NETWORK_UNAVAILABLE, Taints.PID_PRESSURE, Taints.UNSCHEDULABLE);

  private ConditionTaints() {}

  /** The NoSchedule taints this controller wants on the node. */
  static List<Taint> desired(Node node) {
    List<Taint> taints = new ArrayList<>();
    for (NodeCondition c : node.getStatus().getConditionsList()) {
      String key = BY_CONDITION.getOrDefault(c.getType(), Map.of()).get(c.getStatus());
      if (key != null) {
        taints.add(Taints.taint(key, Taints.NO_SCHEDULE));
      }
    }
    if (node.getSpec().getUnschedulable()) {
      taints.add(Taints.taint(Taints.UNSCHEDULABLE, Taints.NO_SCHEDULE));
    }
    return taints;
  }

  /** The NoSchedule taints of the node that this controller manages (others' taints are left alone). */
  static List<Taint> managed(Node node) {
    return node.getSpec().getTaintsList().stream()
        .filter(t -> t.getEffect().equals(Taints.NO_SCHEDULE) && MANAGED_KEYS.contains(t.getKey())).toList();
  }

  static List<Taint> toAdd(Node node) {
    List<Taint> have = managed(node);
    return desired(node).stream().filter(d -> have.stream().noneMatch(h -> Taints.sameKeyAndEffect(h, d))).toList();
  }

  static List<Taint> toRemove(Node node) {
    List<Taint> want = desired(node);
    return managed(node).stream().filter(h -> want.stream().noneMatch(d -> Taints.sameKeyAndEffect(h, d))).toList();
  }
}
