package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.NodeSelectors;
import io.kava.client.selector.Operator;
import io.kava.client.selector.Requirement;
import io.kava.client.selector.Selector;
import io.kava.client.taints.Tolerations;
import io.kava.scheduler.framework.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One topology spread constraint ready to count with, as upstream's topologySpreadConstraint: its
 * selector already carries the pod's values of matchLabelKeys, minDomains defaults to 1, and the node
 * inclusion policies to upstream's defaults (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore).
 */
record SpreadConstraint(int maxSkew, String topologyKey, Selector selector, int minDomains,
    boolean honorNodeAffinity, boolean honorNodeTaints) {
  SpreadConstraint {
    topologyKey = topologyKey.intern(); // node label keys are interned (NodeInfo.labels): a reference compare
  }

  static final String DO_NOT_SCHEDULE = "DoNotSchedule";
  static final String SCHEDULE_ANYWAY = "ScheduleAnyway";
  static final String HONOR = "Honor";
  static final String IGNORE = "Ignore";

  /** The pod's constraints of one whenUnsatisfiable action (upstream's filterTopologySpreadConstraints). */
  static List<SpreadConstraint> of(Pod pod, List<TopologySpreadConstraint> constraints, String action) {
    List<SpreadConstraint> result = new ArrayList<>();
    for (TopologySpreadConstraint c : constraints) {
      if (!c.getWhenUnsatisfiable().equals(action)) {
        continue;
      }
      Selector selector = withMatchLabelKeys(selector(c), c.getMatchLabelKeysList(), pod.getMetadata().getLabelsMap());
      result.add(new SpreadConstraint(c.getMaxSkew(), c.getTopologyKey(), selector,
          c.hasMinDomains() ? c.getMinDomains() : 1,
          !c.getNodeAffinityPolicy().equals(IGNORE), c.getNodeTaintsPolicy().equals(HONOR)));
    }
    return result;
  }

  /** The same constraint counting the pods of another selector (the system defaults take the pod's siblings). */
  SpreadConstraint withSelector(Selector other) {
    return new SpreadConstraint(maxSkew, topologyKey, other, minDomains, honorNodeAffinity, honorNodeTaints);
  }

  /** Whether the node's pods count toward the spread of this pod (upstream's matchNodeInclusionPolicies). */
  boolean includes(Pod pod, NodeInfo node) {
    if (honorNodeAffinity && !NodeSelectors.matchesPod(pod.getSpec(), node.node())) {
      return false;
    }
    if (honorNodeTaints) {
      for (Taint taint : node.node().getSpec().getTaintsList()) {
        boolean blocking = taint.getEffect().equals("NoSchedule") || taint.getEffect().equals("NoExecute");
        if (blocking && !Tolerations.anyTolerates(pod.getSpec().getTolerationsList(), taint)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The question "how many live pods of this namespace on the node match the selector", as a memo key. */
  private record MatchingPods(String namespace, Selector selector) {}

  /**
   * The node's pods in the namespace, not being deleted, that the selector matches (upstream's
   * countPodsMatchSelector: the empty selector counts none).
   */
  int countMatching(NodeInfo node, String namespace) {
    if (selector.isEmpty() || selector.isNothing()) {
      return 0;
    }
    return node.countPods(new MatchingPods(namespace, selector), p -> p.getMetadata().getDeletionTimestamp().isEmpty()
        && p.getMetadata().getNamespace().equals(namespace) && selector.matches(p.getMetadata().getLabelsMap()));
  }

  /** Whether the node has every constraint's topology label (upstream's nodeLabelsMatchSpreadConstraints). */
  static boolean hasAllKeys(NodeInfo node, List<SpreadConstraint> constraints) {
    Map<String, String> labels = node.node().getMetadata().getLabelsMap();
    for (SpreadConstraint c : constraints) {
      if (!labels.containsKey(c.topologyKey())) {
        return false;
      }
    }
    return true;
  }

  private static Selector selector(TopologySpreadConstraint c) {
    try {
      return LabelSelectors.fromProto(c.hasLabelSelector() ? c.getLabelSelector() : null);
    } catch (IllegalArgumentException e) {
      return Selector.nothing(); // validation refuses it; a pod stored before that counts nothing
    }
  }

  /** The selector AND key=value for each matchLabelKeys key the pod has (upstream's mergeLabelSetWithSelector). */
  private static Selector withMatchLabelKeys(Selector selector, List<String> keys, Map<String, String> podLabels) {
    if (keys.isEmpty() || selector.isNothing()) {
      return selector;
    }
    List<Requirement> requirements = new ArrayList<>(selector.requirements());
    for (String key : keys) {
      String value = podLabels.get(key);
      if (value != null) {
        requirements.add(new Requirement(key, Operator.EQUALS, List.of(value)));
      }
    }
    return Selector.of(requirements);
  }
}
