package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.client.selector.Selector;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's PodTopologySpread plugin: pods matching a constraint's selector spread evenly over the
 * domains of its topologyKey.
 *
 * <p>Filter (whenUnsatisfiable DoNotSchedule): placing the pod in the node's domain must keep
 * (matching pods there + 1 if the pod matches itself - the fewest in any domain) within maxSkew; the
 * fewest counts as 0 while fewer than minDomains domains exist. Only nodes that pass the pod's node
 * affinity (nodeAffinityPolicy Honor) and, with nodeTaintsPolicy Honor, whose taints it tolerates make
 * domains. PreFilter counts the matching pods per domain once per cycle.
 *
 * <p>Score (ScheduleAnyway, or for a pod without constraints the system defaults: hostname maxSkew 3
 * and zone maxSkew 5 over the pod's siblings by Service, ReplicaSet or StatefulSet selector): fewer
 * matching pods in the node's domains score higher. This replaces upstream's removed SelectorSpread,
 * as upstream did in 1.27.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {
  public static final String NAME = "PodTopologySpread";
  public static final String REASON = "node(s) didn't match pod topology spread constraints";
  public static final String MISSING_LABEL_REASON = REASON + " (missing required label)";
  static final String HOSTNAME = "kubernetes.io/hostname";
  static final String ZONE = "topology.kubernetes.io/zone";

  /** Upstream's systemDefaultConstraints, applied to pods without constraints of their own. */
  static final List<TopologySpreadConstraint> SYSTEM_DEFAULT_CONSTRAINTS = List.of(
      TopologySpreadConstraint.newBuilder().setTopologyKey(HOSTNAME).setWhenUnsatisfiable(SpreadConstraint.SCHEDULE_ANYWAY)
          .setMaxSkew(3).build(),
      TopologySpreadConstraint.newBuilder().setTopologyKey(ZONE).setWhenUnsatisfiable(SpreadConstraint.SCHEDULE_ANYWAY)
          .setMaxSkew(5).build());

  private static final FilterResult SKEWED = FilterResult.unschedulable(REASON);
  private static final FilterResult MISSING_LABEL = FilterResult.unresolvable(MISSING_LABEL_REASON);
  /** Upstream's invalidScore: a feasible node left out of scoring (it lacks a topology label). */
  private static final long IGNORED = -1;

  /** Per DoNotSchedule constraint: matching pods per domain value, and the fewest in any domain. */
  private record FilterState(List<SpreadConstraint> constraints, List<Map<String, Integer>> matchNumByValue,
      int[] minMatchNum) {}

  /**
   * Per ScheduleAnyway constraint: matching pods per domain of the feasible nodes (hostname counts are
   * read per node), the weight of its number of domains; and the feasible nodes left out.
   */
  private record ScoreState(List<SpreadConstraint> constraints, List<Map<String, Long>> podCounts,
      double[] normalizingWeights, Set<String> ignoredNodes) {
    static final ScoreState NONE = new ScoreState(List.of(), List.of(), new double[0], Set.of());
  }

  private final DefaultSpreadSelector defaultSelector;

  public PodTopologySpread(DefaultSpreadSelector defaultSelector) {
    this.defaultSelector = defaultSelector;
  }

  @Override
  public String name() {
    return NAME;
  }

  // ---- Filter

  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    FilterState s = filterState(pod, allNodes);
    return s.constraints().isEmpty() ? PodFilter.ANY_NODE : node -> filter(s, pod, node);
  }

  /** Without a cycle, the filter sees only this node (a cluster of one). */
  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  private static FilterResult filter(FilterState s, Pod pod, NodeInfo node) {
    Map<String, String> labels = node.labels();
    for (int i = 0; i < s.constraints().size(); i++) {
      SpreadConstraint c = s.constraints().get(i);
      String value = labels.get(c.topologyKey());
      if (value == null) {
        return MISSING_LABEL;
      }
      long self = c.selector().matches(pod.getMetadata().getLabelsMap()) ? 1 : 0;
      long skew = s.matchNumByValue().get(i).getOrDefault(value, 0) + self - (long) s.minMatchNum()[i];
      if (skew > c.maxSkew()) {
        return SKEWED;
      }
    }
    return FilterResult.SUCCESS;
  }

  private FilterState filterState(Pod pod, List<NodeInfo> allNodes) {
    List<SpreadConstraint> constraints = constraints(pod, SpreadConstraint.DO_NOT_SCHEDULE);
    List<Map<String, Integer>> matchNum = new ArrayList<>();
    for (int i = 0; i < constraints.size(); i++) {
      matchNum.add(new HashMap<>());
    }
    String namespace = pod.getMetadata().getNamespace();
    if (!constraints.isEmpty()) {
      for (NodeInfo node : allNodes) {
        if (!SpreadConstraint.hasAllKeys(node, constraints)) {
          continue;
        }
        for (int i = 0; i < constraints.size(); i++) {
          SpreadConstraint c = constraints.get(i);
          if (c.includes(pod, node)) {
            String value = node.labels().get(c.topologyKey());
            matchNum.get(i).merge(value, c.countMatching(node, namespace), Integer::sum);
          }
        }
      }
    }
    int[] min = new int[constraints.size()];
    for (int i = 0; i < constraints.size(); i++) {
      Map<String, Integer> byValue = matchNum.get(i);
      // Fewer domains than minDomains: the global minimum counts as 0 (upstream's minMatchNum).
      min[i] = byValue.size() < constraints.get(i).minDomains() ? 0
          : byValue.values().stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
    }
    return new FilterState(constraints, matchNum, min);
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
    ScoreState s = scoreState(pod, feasible, allNodes);
    return s.constraints().isEmpty() ? node -> 0 : node -> score(s, pod, node);
  }

  private static long score(ScoreState s, Pod pod, NodeInfo node) {
    if (s.ignoredNodes().contains(node.name())) {
      return IGNORED;
    }
    Map<String, String> labels = node.labels();
    double score = 0;
    for (int i = 0; i < s.constraints().size(); i++) {
      SpreadConstraint c = s.constraints().get(i);
      String value = labels.get(c.topologyKey());
      if (value == null) {
        continue;
      }
      long count = c.topologyKey().equals(HOSTNAME) ? c.countMatching(node, pod.getMetadata().getNamespace())
          : s.podCounts().get(i).getOrDefault(value, 0L);
      // maxSkew - 1 waters the differences down: the larger the skew allowed, the less one pod matters.
      score += count * s.normalizingWeights()[i] + (c.maxSkew() - 1);
    }
    return Math.round(score);
  }

  /** Nothing to spread by leaves every score 0, as upstream's skipped PreScore does. */
  @Override
  public void normalize(Pod pod, long[] scores) {
    if (!constraints(pod, SpreadConstraint.SCHEDULE_ANYWAY).isEmpty()) {
      normalize(scores);
    }
  }

  /**
   * Upstream's NormalizeScore: fewer matching pods, higher score, 100 * (max + min - score) / max over
   * the nodes not left out (all 100 when max is 0); nodes left out score 0.
   */
  static void normalize(long[] scores) {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (long score : scores) {
      if (score != IGNORED) {
        min = Math.min(min, score);
        max = Math.max(max, score);
      }
    }
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] == IGNORED) {
        scores[i] = 0;
      } else if (max == 0) {
        scores[i] = MAX_NODE_SCORE;
      } else {
        scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
      }
    }
  }

  private ScoreState scoreState(Pod pod, List<NodeInfo> feasible, List<NodeInfo> allNodes) {
    List<SpreadConstraint> constraints = constraints(pod, SpreadConstraint.SCHEDULE_ANYWAY);
    if (constraints.isEmpty() || feasible.isEmpty()) {
      return ScoreState.NONE;
    }
    // Only the pod's own constraints need every topology label: a node without a zone label still
    // spreads by hostname under the system defaults.
    boolean requireAllKeys = pod.getSpec().getTopologySpreadConstraintsCount() > 0;
    Set<String> ignoredNodes = new HashSet<>();
    // Per constraint, the domains of the feasible nodes (a node without the label is in domain ""),
    // then the matching pods in each; hostname domains are counted per node when scoring.
    List<Map<String, Long>> counts = new ArrayList<>();
    for (int i = 0; i < constraints.size(); i++) {
      counts.add(new HashMap<>());
    }
    for (NodeInfo node : feasible) {
      if (requireAllKeys && !SpreadConstraint.hasAllKeys(node, constraints)) {
        ignoredNodes.add(node.name());
        continue;
      }
      for (int i = 0; i < constraints.size(); i++) {
        if (!constraints.get(i).topologyKey().equals(HOSTNAME)) {
          counts.get(i).putIfAbsent(domain(node, constraints.get(i)), 0L);
        }
      }
    }
    if (ignoredNodes.size() == feasible.size()) {
      return ScoreState.NONE;
    }
    double[] weights = new double[constraints.size()];
    for (int i = 0; i < constraints.size(); i++) {
      int size = constraints.get(i).topologyKey().equals(HOSTNAME) ? feasible.size() - ignoredNodes.size()
          : counts.get(i).size();
      weights[i] = Math.log(size + 2);
    }
    String namespace = pod.getMetadata().getNamespace();
    boolean anyDomains = counts.stream().anyMatch(m -> !m.isEmpty());
    for (NodeInfo node : anyDomains ? allNodes : List.<NodeInfo>of()) {
      if (requireAllKeys && !SpreadConstraint.hasAllKeys(node, constraints)) {
        continue;
      }
      for (int i = 0; i < constraints.size(); i++) {
        SpreadConstraint c = constraints.get(i);
        String value = domain(node, c);
        Long count = counts.get(i).get(value);
        if (count != null && c.includes(pod, node)) {
          counts.get(i).put(value, count + c.countMatching(node, namespace));
        }
      }
    }
    return new ScoreState(constraints, counts, weights, ignoredNodes);
  }

  private static String domain(NodeInfo node, SpreadConstraint c) {
    return node.labels().getOrDefault(c.topologyKey(), "");
  }

  /**
   * The pod's constraints of one action; for a pod without any, the system defaults over its siblings
   * (none when nothing selects it).
   */
  private List<SpreadConstraint> constraints(Pod pod, String action) {
    if (pod.getSpec().getTopologySpreadConstraintsCount() > 0) {
      return SpreadConstraint.of(pod, pod.getSpec().getTopologySpreadConstraintsList(), action);
    }
    List<SpreadConstraint> defaults = SpreadConstraint.of(pod, SYSTEM_DEFAULT_CONSTRAINTS, action);
    if (defaults.isEmpty()) {
      return defaults;
    }
    Selector siblings = defaultSelector.of(pod);
    if (siblings.isEmpty()) {
      return List.of();
    }
    return defaults.stream().map(c -> c.withSelector(siblings)).toList();
  }
}
