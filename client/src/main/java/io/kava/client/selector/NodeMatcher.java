package io.kava.client.selector;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PodSpec;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A pod's nodeSelector and required node affinity (or one NodeSelector) compiled once, to be tested
 * against many nodes: upstream's RequiredNodeAffinity, which the scheduler builds in PreFilter. The
 * values of In and NotIn become sets and Gt/Lt numbers are parsed here, so a node costs one label
 * lookup per requirement and nothing is copied. Matching is {@link NodeSelectors}' (upstream's
 * component-helpers): terms are ORed, an empty term matches nothing, a malformed requirement makes its
 * term not match. Immutable, so one matcher may be used from several threads.
 */
public final class NodeMatcher {
  /** Matches every node: no nodeSelector and no required affinity. */
  public static final NodeMatcher ANY = new NodeMatcher(new String[0], new String[0], null);

  private final String[] selectorKeys;
  private final String[] selectorValues;
  /** The required terms, ORed; null when there is no required affinity at all. */
  private final Term[] terms;

  private NodeMatcher(String[] selectorKeys, String[] selectorValues, Term[] terms) {
    this.selectorKeys = selectorKeys;
    this.selectorValues = selectorValues;
    this.terms = terms;
  }

  /** spec.nodeSelector and spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution. */
  public static NodeMatcher of(PodSpec spec) {
    Map<String, String> selector = spec.getNodeSelectorMap();
    String[] keys = new String[selector.size()];
    String[] values = new String[selector.size()];
    int i = 0;
    for (Map.Entry<String, String> e : selector.entrySet()) {
      keys[i] = e.getKey().intern();
      values[i++] = e.getValue();
    }
    Term[] terms = null;
    if (spec.hasAffinity() && spec.getAffinity().hasNodeAffinity()
        && spec.getAffinity().getNodeAffinity().hasRequiredDuringSchedulingIgnoredDuringExecution()) {
      terms = terms(spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
    }
    if (keys.length == 0 && terms == null) {
      return ANY;
    }
    return new NodeMatcher(keys, values, terms);
  }

  /** One NodeSelector (a volume's node affinity): its terms ORed; no terms matches nothing. */
  public static NodeMatcher of(NodeSelector selector) {
    return new NodeMatcher(new String[0], new String[0], terms(selector));
  }

  /** One term alone. */
  public static NodeMatcher of(NodeSelectorTerm term) {
    return new NodeMatcher(new String[0], new String[0], new Term[] {Term.of(term)});
  }

  /**
   * The labels as a matcher looks them up fastest: a plain map whose keys are interned, as a matcher's own
   * keys are, so a lookup compares references rather than characters and skips the message's map views.
   * For labels that are matched many times (the scheduler's nodes: every node for every pod).
   */
  public static Map<String, String> internedLabels(Map<String, String> labels) {
    Map<String, String> interned = new HashMap<>(labels.size() * 2);
    labels.forEach((key, value) -> interned.put(key.intern(), value));
    return Collections.unmodifiableMap(interned);
  }

  public boolean matches(Node node) {
    return matches(node.getMetadata().getName(), node.getMetadata().getLabelsMap());
  }

  /** The node by its name (for matchFields) and labels. */
  public boolean matches(String nodeName, Map<String, String> labels) {
    for (int i = 0; i < selectorKeys.length; i++) {
      if (!selectorValues[i].equals(labels.get(selectorKeys[i]))) {
        return false;
      }
    }
    if (terms == null) {
      return true;
    }
    for (Term term : terms) {
      if (term.matches(nodeName, labels)) {
        return true;
      }
    }
    return false;
  }

  private static Term[] terms(NodeSelector selector) {
    return selector.getNodeSelectorTermsList().stream().map(Term::of).toArray(Term[]::new);
  }

  /** matchExpressions on labels and matchFields (only metadata.name), all of which must hold. */
  private record Term(Requirement[] expressions, Requirement[] fields) {
    static Term of(NodeSelectorTerm term) {
      return new Term(term.getMatchExpressionsList().stream().map(Requirement::of).toArray(Requirement[]::new),
          term.getMatchFieldsList().stream().map(Requirement::ofField).toArray(Requirement[]::new));
    }

    boolean matches(String nodeName, Map<String, String> labels) {
      if (expressions.length == 0 && fields.length == 0) {
        return false;
      }
      for (Requirement r : expressions) {
        if (!r.matches(labels.get(r.key()))) {
          return false;
        }
      }
      for (Requirement r : fields) {
        if (!r.matches(nodeName)) {
          return false;
        }
      }
      return true;
    }
  }

  private enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT, NEVER }

  /** One requirement with its values ready: a set for In/NotIn, a number for Gt/Lt. */
  private record Requirement(String key, Operator operator, Set<String> values, long number) {
    Requirement {
      key = key.intern(); // see internedLabels
    }

    static Requirement of(NodeSelectorRequirement r) {
      return switch (r.getOperator()) {
        case "In" -> new Requirement(r.getKey(), Operator.IN, Set.copyOf(r.getValuesList()), 0);
        case "NotIn" -> new Requirement(r.getKey(), Operator.NOT_IN, Set.copyOf(r.getValuesList()), 0);
        case "Exists" -> new Requirement(r.getKey(), Operator.EXISTS, Set.of(), 0);
        case "DoesNotExist" -> new Requirement(r.getKey(), Operator.DOES_NOT_EXIST, Set.of(), 0);
        case "Gt", "Lt" -> compares(r);
        default -> never(r);
      };
    }

    /** Only metadata.name is a node field upstream; In and NotIn are its only operators. */
    static Requirement ofField(NodeSelectorRequirement r) {
      if (!r.getKey().equals("metadata.name")) {
        return never(r);
      }
      return switch (r.getOperator()) {
        case "In" -> new Requirement(r.getKey(), Operator.IN, Set.copyOf(r.getValuesList()), 0);
        case "NotIn" -> new Requirement(r.getKey(), Operator.NOT_IN, Set.copyOf(r.getValuesList()), 0);
        default -> never(r);
      };
    }

    /** Gt and Lt take exactly one integer value. */
    private static Requirement compares(NodeSelectorRequirement r) {
      if (r.getValuesCount() != 1) {
        return never(r);
      }
      try {
        Operator op = r.getOperator().equals("Gt") ? Operator.GT : Operator.LT;
        return new Requirement(r.getKey(), op, Set.of(), Long.parseLong(r.getValues(0)));
      } catch (NumberFormatException e) {
        return never(r);
      }
    }

    private static Requirement never(NodeSelectorRequirement r) {
      return new Requirement(r.getKey(), Operator.NEVER, Set.of(), 0);
    }

    /** VALUE is the node's label (or its name, for a field); null when the node has no such label. */
    boolean matches(String value) {
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
        case GT, LT -> value != null && compare(value);
        case NEVER -> false;
      };
    }

    /** The label must be an integer too. */
    private boolean compare(String value) {
      try {
        long actual = Long.parseLong(value);
        return operator == Operator.GT ? actual > number : actual < number;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }
}
