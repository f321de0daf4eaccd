package io.kava.client.selector;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PodSpec;
import java.util.Map;

/**
 * Upstream's node selector matching (component-helpers nodeaffinity): terms are ORed; inside a term
 * every expression and every field requirement must hold; an empty term matches nothing. A malformed
 * requirement (unknown operator, Gt on a non-number) makes its term not match, as upstream's parse
 * error does.
 */
public final class NodeSelectors {
  private NodeSelectors() {}

  /** Whether a pod's nodeSelector and required node affinity both admit the node (upstream GetRequiredNodeAffinity). */
  public static boolean matchesPod(PodSpec spec, Node node) {
    Map<String, String> labels = node.getMetadata().getLabelsMap();
    for (Map.Entry<String, String> wanted : spec.getNodeSelectorMap().entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return false;
      }
    }
    if (spec.hasAffinity() && spec.getAffinity().hasNodeAffinity()
        && spec.getAffinity().getNodeAffinity().hasRequiredDuringSchedulingIgnoredDuringExecution()) {
      return matches(spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), node);
    }
    return true;
  }

  public static boolean matches(NodeSelector selector, Node node) {
    for (NodeSelectorTerm term : selector.getNodeSelectorTermsList()) {
      if (matches(term, node)) {
        return true;
      }
    }
    return false;
  }

  public static boolean matches(NodeSelectorTerm term, Node node) {
    if (term.getMatchExpressionsCount() == 0 && term.getMatchFieldsCount() == 0) {
      return false;
    }
    Map<String, String> labels = node.getMetadata().getLabelsMap();
    for (NodeSelectorRequirement r : term.getMatchExpressionsList()) {
      if (!matchesLabels(r, labels)) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : term.getMatchFieldsList()) {
      if (!matchesFields(r, node)) {
        return false;
      }
    }
    return true;
  }

  static boolean matchesLabels(NodeSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> value != null && r.getValuesList().contains(value);
      case "NotIn" -> value == null || !r.getValuesList().contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt", "Lt" -> compares(r, value);
      default -> false;
    };
  }

  /** Gt and Lt take exactly one integer value and need a label that is an integer too. */
  private static boolean compares(NodeSelectorRequirement r, String labelValue) {
    if (r.getValuesCount() != 1 || labelValue == null) {
      return false;
    }
    try {
      long wanted = Long.parseLong(r.getValues(0));
      long actual = Long.parseLong(labelValue);
      return r.getOperator().equals("Gt") ? actual > wanted : actual < wanted;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Only metadata.name is a node field upstream; In and NotIn are its only operators. */
  static boolean matchesFields(NodeSelectorRequirement r, Node node) {
    if (!r.getKey().equals("metadata.name")) {
      return false;
    }
    String name = node.getMetadata().getName();
    return switch (r.getOperator()) {
      case "In" -> r.getValuesList().contains(name);
      case "NotIn" -> !r.getValuesList().contains(name);
      default -> false;
    };
  }
}
