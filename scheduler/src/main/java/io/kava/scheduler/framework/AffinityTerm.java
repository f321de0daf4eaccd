package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One pod (anti-)affinity term ready to match pods, as upstream's framework.AffinityTerm: the pods it
 * selects live in one of {@code namespaces} or in a namespace whose labels match
 * {@code namespaceSelector}, and carry labels that match {@code selector}. A term without namespaces
 * and without a namespaceSelector means the namespace of the pod that has the term; an empty
 * namespaceSelector means every namespace. {@code weight} is the preferred term's weight (1 for a
 * required term).
 */
public record AffinityTerm(Set<String> namespaces, Selector namespaceSelector, Selector selector, String topologyKey,
    int weight) {
  public AffinityTerm {
    namespaces = Set.copyOf(namespaces);
  }

  /** The term of {@code owner}'s spec, as upstream's newAffinityTerm; a malformed selector selects nothing. */
  public static AffinityTerm of(Pod owner, PodAffinityTerm term, int weight) {
    Set<String> namespaces = term.getNamespacesCount() == 0 && !term.hasNamespaceSelector()
        ? Set.of(owner.getMetadata().getNamespace())
        : Set.copyOf(term.getNamespacesList());
    return new AffinityTerm(namespaces,
        selector(term.hasNamespaceSelector() ? term.getNamespaceSelector() : null),
        selector(term.hasLabelSelector() ? term.getLabelSelector() : null), term.getTopologyKey(), weight);
  }

  /**
   * Whether the term selects the pod. {@code namespaceLabels} are the labels of the pod's namespace, for
   * the namespaceSelector; an incoming pod's terms have it resolved into namespaces already and pass none.
   */
  public boolean matches(Pod pod, Map<String, String> namespaceLabels) {
    return (namespaces.contains(pod.getMetadata().getNamespace()) || namespaceSelector.matches(namespaceLabels))
        && selector.matches(pod.getMetadata().getLabelsMap());
  }

  /** This term with the namespaces its selector names added and the selector dropped (upstream's merge). */
  public AffinityTerm withNamespaces(Set<String> more) {
    HashSet<String> all = new HashSet<>(namespaces);
    all.addAll(more);
    return new AffinityTerm(all, Selector.nothing(), selector, topologyKey, weight);
  }

  private static Selector selector(LabelSelector selector) {
    try {
      return LabelSelectors.fromProto(selector);
    } catch (IllegalArgumentException e) {
      return Selector.nothing(); // validation refuses it; a pod stored before that selects nothing
    }
  }
}
