package io.kava.client.selector;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PodSpec;

/**
 * Upstream's node selector matching (component-helpers nodeaffinity): terms are ORed; inside a term
 * every expression and every field requirement must hold; an empty term matches nothing. A malformed
 * requirement (unknown operator, Gt on a non-number) makes its term not match, as upstream's parse
 * error does. One-off checks; to test one pod against many nodes, compile a {@link NodeMatcher} once.
 */
public final class NodeSelectors {
  private NodeSelectors() {}

  /** Whether a pod's nodeSelector and required node affinity both admit the node (upstream GetRequiredNodeAffinity). */
  public static boolean matchesPod(PodSpec spec, Node node) {
    return NodeMatcher.of(spec).matches(node);
  }

  public static boolean matches(NodeSelector selector, Node node) {
    return NodeMatcher.of(selector).matches(node);
  }

  public static boolean matches(NodeSelectorTerm term, Node node) {
    return NodeMatcher.of(term).matches(node);
  }
}
