package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.AffinityTerm;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodAffinityTerms;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.ScorePlugin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's InterPodAffinity plugin: pods near or far from other pods, per topology domain (the nodes
 * sharing a value of {@code topologyKey}: kubernetes.io/hostname, topology.kubernetes.io/zone, any label).
 *
 * <p>Filter: every required affinity term must find a matching pod in the node's domain (unless the pod
 * is the first of a group that selects itself); no required anti-affinity term may find one; and no
 * pod already placed may have a required anti-affinity term that selects this pod within its domain
 * (symmetry). PreFilter counts the matching pods per domain once per cycle.
 *
 * <p>Score: per domain, the weights of the pod's preferred terms that existing pods match (anti-affinity
 * subtracts), plus the terms of existing pods that match this pod (their required affinity at
 * hardPodAffinityWeight); normalized to 0..100 between the lowest and highest node.
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {
  public static final String NAME = "InterPodAffinity";
  public static final String AFFINITY_REASON = "node(s) didn't match pod affinity rules";
  public static final String ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
  public static final String EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
  private static final FilterResult AFFINITY_MISMATCH = FilterResult.unresolvable(AFFINITY_REASON);
  private static final FilterResult ANTI_AFFINITY_MISMATCH = FilterResult.unschedulable(ANTI_AFFINITY_REASON);
  private static final FilterResult EXISTING_ANTI_AFFINITY_MISMATCH =
      FilterResult.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
  /** Upstream's default hardPodAffinityWeight. */
  public static final int DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

  /** What filtering needs: the pod's terms and the matching pods per domain. */
  private record FilterState(PodAffinityTerms terms, Map<TopologyPair, Integer> affinityCounts,
      Map<TopologyPair, Integer> antiAffinityCounts, Map<TopologyPair, Integer> existingAntiAffinityCounts) {
    /** Nothing can reject a node: no required terms on the pod, none on existing pods that select it. */
    static final FilterState NONE = new FilterState(null, Map.of(), Map.of(), Map.of());
  }

  /** What scoring needs: the score of each domain, by topology key and value. */
  private record ScoreState(Map<String, Map<String, Long>> topologyScore) {}

  /** The question "how many pods on the node match every one of these terms", as a memo key. */
  private record AllTermsMatch(List<AffinityTerm> terms) {}

  private final NamespaceLabels namespaces;
  private final int hardPodAffinityWeight;

  public InterPodAffinity(NamespaceLabels namespaces) {
    this(namespaces, DEFAULT_HARD_POD_AFFINITY_WEIGHT);
  }

  /** hardPodAffinityWeight 0..100 as upstream's InterPodAffinityArgs; 0 leaves required terms out of scoring. */
  public InterPodAffinity(NamespaceLabels namespaces, int hardPodAffinityWeight) {
    if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
      throw new IllegalArgumentException("hardPodAffinityWeight must be between 0 and 100");
    }
    this.namespaces = namespaces;
    this.hardPodAffinityWeight = hardPodAffinityWeight;
  }

  @Override
  public String name() {
    return NAME;
  }

  // ---- Filter

  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    FilterState s = filterState(pod, allNodes);
    return s == FilterState.NONE ? PodFilter.ANY_NODE : node -> filter(s, node);
  }

  /** Without a cycle, the filter sees only this node (a cluster of one). */
  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  private static FilterResult filter(FilterState s, NodeInfo node) {
    if (!satisfiesPodAffinity(s, node)) {
      return AFFINITY_MISMATCH;
    }
    if (!satisfiesPodAntiAffinity(s, node)) {
      return ANTI_AFFINITY_MISMATCH;
    }
    if (!satisfiesExistingPodsAntiAffinity(s, node)) {
      return EXISTING_ANTI_AFFINITY_MISMATCH;
    }
    return FilterResult.SUCCESS;
  }

  private FilterState filterState(Pod pod, List<NodeInfo> allNodes) {
    Map<String, String> namespaceLabels = namespaces.labelsOf(pod.getMetadata().getNamespace());
    Map<TopologyPair, Integer> existing = new HashMap<>();
    for (NodeInfo node : allNodes) {
      for (PodAffinityTerms other : node.podsWithRequiredAntiAffinity()) {
        for (AffinityTerm term : other.requiredAntiAffinity()) {
          if (term.matches(pod, namespaceLabels)) {
            TopologyPair.of(node, term.topologyKey()).ifPresent(tp -> existing.merge(tp, 1, Integer::sum));
          }
        }
      }
    }
    if (!PodAffinityTerms.hasPodAffinity(pod)) {
      return existing.isEmpty() ? FilterState.NONE : new FilterState(null, Map.of(), Map.of(), existing);
    }
    PodAffinityTerms terms = incomingTerms(pod);
    if (terms.requiredAffinity().isEmpty() && terms.requiredAntiAffinity().isEmpty() && existing.isEmpty()) {
      return FilterState.NONE;
    }
    Map<TopologyPair, Integer> affinity = new HashMap<>();
    Map<TopologyPair, Integer> antiAffinity = new HashMap<>();
    AllTermsMatch allAffinity = new AllTermsMatch(terms.requiredAffinity());
    for (NodeInfo node : allNodes) {
      if (!terms.requiredAffinity().isEmpty()) {
        // A pod counts for affinity only if it matches every term (upstream's podMatchesAllAffinityTerms).
        int count = node.countPods(allAffinity, p -> matchesAll(terms.requiredAffinity(), p));
        if (count > 0) {
          for (AffinityTerm term : terms.requiredAffinity()) {
            TopologyPair.of(node, term.topologyKey()).ifPresent(tp -> affinity.merge(tp, count, Integer::sum));
          }
        }
      }
      for (AffinityTerm term : terms.requiredAntiAffinity()) {
        int count = node.countPods(new AllTermsMatch(List.of(term)), p -> term.matches(p, Map.of()));
        if (count > 0) {
          TopologyPair.of(node, term.topologyKey()).ifPresent(tp -> antiAffinity.merge(tp, count, Integer::sum));
        }
      }
    }
    return new FilterState(terms, affinity, antiAffinity, existing);
  }

  private static boolean satisfiesPodAffinity(FilterState s, NodeInfo node) {
    if (s.terms() == null || s.terms().requiredAffinity().isEmpty()) {
      return true;
    }
    boolean podsExist = true;
    for (AffinityTerm term : s.terms().requiredAffinity()) {
      Optional<TopologyPair> tp = TopologyPair.of(node, term.topologyKey());
      if (tp.isEmpty()) {
        return false; // every topology label must be on the node
      }
      if (s.affinityCounts().getOrDefault(tp.get(), 0) <= 0) {
        podsExist = false;
      }
    }
    if (podsExist) {
      return true;
    }
    // The first pod of a group with affinity to itself: no pod anywhere matches yet, and this one matches
    // all its own terms.
    return s.affinityCounts().isEmpty() && matchesAll(s.terms().requiredAffinity(), s.terms().pod());
  }

  private static boolean satisfiesPodAntiAffinity(FilterState s, NodeInfo node) {
    if (s.terms() == null || s.antiAffinityCounts().isEmpty()) {
      return true;
    }
    for (AffinityTerm term : s.terms().requiredAntiAffinity()) {
      Optional<TopologyPair> tp = TopologyPair.of(node, term.topologyKey());
      if (tp.isPresent() && s.antiAffinityCounts().getOrDefault(tp.get(), 0) > 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean satisfiesExistingPodsAntiAffinity(FilterState s, NodeInfo node) {
    if (s.existingAntiAffinityCounts().isEmpty()) {
      return true;
    }
    for (Map.Entry<String, String> label : node.labels().entrySet()) {
      if (s.existingAntiAffinityCounts().getOrDefault(new TopologyPair(label.getKey(), label.getValue()), 0) > 0) {
        return false;
      }
    }
    return true;
  }

  // ---- Score

  /** Without a cycle, the node is scored as if it were the only one. */
  @Override
  public long score(Pod pod, NodeInfo nodeInfo) {
    return preScore(pod, List.of(nodeInfo), List.of(nodeInfo)).score(nodeInfo);
  }

  /** A framework that knows only the feasible nodes gets counts over those. */
  @Override
  public PodScorer preScore(Pod pod, List<NodeInfo> feasible) {
    return preScore(pod, feasible, feasible);
  }

  @Override
  public PodScorer preScore(Pod pod, List<NodeInfo> feasible, List<NodeInfo> allNodes) {
    ScoreState s = scoreState(pod, allNodes);
    return s.topologyScore().isEmpty() ? node -> 0 : node -> score(s, node);
  }

  private static long score(ScoreState s, NodeInfo node) {
    long score = 0;
    Map<String, String> labels = node.labels();
    for (Map.Entry<String, Map<String, Long>> byKey : s.topologyScore().entrySet()) {
      String value = labels.get(byKey.getKey());
      if (value != null) {
        score += byKey.getValue().getOrDefault(value, 0L);
      }
    }
    return score;
  }

  /** Upstream's NormalizeScore: 100 * (score - min) / (max - min), all 0 when every node scores the same. */
  @Override
  public void normalize(Pod pod, long[] scores) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    long diff = max - min;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
    }
  }

  private ScoreState scoreState(Pod pod, List<NodeInfo> allNodes) {
    Map<String, Map<String, Long>> topologyScore = new HashMap<>();
    PodAffinityTerms terms = PodAffinityTerms.hasPodAffinity(pod) ? incomingTerms(pod) : null;
    boolean hasPreferred = terms != null
        && (!terms.preferredAffinity().isEmpty() || !terms.preferredAntiAffinity().isEmpty());
    Map<String, String> namespaceLabels = null;
    for (NodeInfo node : allNodes) {
      if (node.node().getMetadata().getLabelsCount() == 0 || (!hasPreferred && node.podsWithAffinity().isEmpty())) {
        continue;
      }
      if (hasPreferred) {
        addMatchingPods(topologyScore, node, terms.preferredAffinity(), 1);
        addMatchingPods(topologyScore, node, terms.preferredAntiAffinity(), -1);
      }
      if (!node.podsWithAffinity().isEmpty() && namespaceLabels == null) {
        namespaceLabels = namespaces.labelsOf(pod.getMetadata().getNamespace());
      }
      for (PodAffinityTerms existing : node.podsWithAffinity()) {
        if (hardPodAffinityWeight > 0) {
          for (AffinityTerm term : existing.requiredAffinity()) {
            addIfMatches(topologyScore, node, term, hardPodAffinityWeight, pod, namespaceLabels);
          }
        }
        for (AffinityTerm term : existing.preferredAffinity()) {
          addIfMatches(topologyScore, node, term, term.weight(), pod, namespaceLabels);
        }
        for (AffinityTerm term : existing.preferredAntiAffinity()) {
          addIfMatches(topologyScore, node, term, -term.weight(), pod, namespaceLabels);
        }
      }
    }
    return new ScoreState(topologyScore);
  }

  /** For each of the incoming pod's terms, its weight (times the multiplier) for every pod on the node it selects. */
  private static void addMatchingPods(Map<String, Map<String, Long>> topologyScore, NodeInfo node,
      List<AffinityTerm> terms, int multiplier) {
    for (AffinityTerm term : terms) {
      String value = node.labels().get(term.topologyKey());
      if (value == null) {
        continue;
      }
      int count = node.countPods(new AllTermsMatch(List.of(term)), p -> term.matches(p, Map.of()));
      if (count > 0) {
        add(topologyScore, term.topologyKey(), value, (long) count * term.weight() * multiplier);
      }
    }
  }

  private static void addIfMatches(Map<String, Map<String, Long>> topologyScore, NodeInfo node, AffinityTerm term,
      int weight, Pod pod, Map<String, String> namespaceLabels) {
    String value = node.labels().get(term.topologyKey());
    if (value != null && term.matches(pod, namespaceLabels)) {
      add(topologyScore, term.topologyKey(), value, weight);
    }
  }

  private static void add(Map<String, Map<String, Long>> topologyScore, String key, String value, long amount) {
    topologyScore.computeIfAbsent(key, k -> new HashMap<>()).merge(value, amount, Long::sum);
  }

  /** The incoming pod's terms with each namespaceSelector resolved into the namespaces it picks now. */
  private PodAffinityTerms incomingTerms(Pod pod) {
    return PodAffinityTerms.of(pod).map(term -> term.namespaceSelector().isNothing() || term.namespaceSelector().isEmpty()
        ? term : term.withNamespaces(namespaces.matching(term.namespaceSelector())));
  }

  private static boolean matchesAll(List<AffinityTerm> terms, Pod pod) {
    if (terms.isEmpty()) {
      return false;
    }
    for (AffinityTerm term : terms) {
      if (!term.matches(pod, Map.of())) {
        return false;
      }
    }
    return true;
  }
}
