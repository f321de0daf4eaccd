package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PreferredSchedulingTerm;
import io.kava.client.selector.NodeMatcher;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's NodeAffinity plugin. Filter: the node must carry every spec.nodeSelector label and match
 * spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution. Score: the sum of the
 * weights of the preferredDuringSchedulingIgnoredDuringExecution terms the node matches, normalized so
 * the best node scores 100 (upstream's DefaultNormalizeScore). PreFilter and PreScore compile the
 * selectors once per pod, as upstream does.
 */
public final class NodeSelectorAndAffinity implements FilterPlugin, ScorePlugin {
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
  private static final FilterResult MISMATCH = FilterResult.unresolvable(REASON);

  @Override
  public String name() {
    return "NodeAffinity";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return preFilter(pod, List.of(nodeInfo)).filter(nodeInfo);
  }

  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    NodeMatcher matcher = NodeMatcher.of(pod.getSpec());
    if (matcher == NodeMatcher.ANY) {
      return PodFilter.ANY_NODE;
    }
    return node -> matcher.matches(node.name(), node.labels()) ? FilterResult.SUCCESS : MISMATCH;
  }

  @Override
  public long score(Pod pod, NodeInfo nodeInfo) {
    return preScore(pod, List.of(nodeInfo)).score(nodeInfo);
  }

  private record WeightedMatcher(NodeMatcher matcher, int weight) {}

  @Override
  public PodScorer preScore(Pod pod, List<NodeInfo> feasible) {
    if (!pod.getSpec().hasAffinity()) {
      return node -> 0;
    }
    List<WeightedMatcher> preferred = new ArrayList<>();
    for (PreferredSchedulingTerm term
        : pod.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecutionList()) {
      if (term.getWeight() != 0) {
        preferred.add(new WeightedMatcher(NodeMatcher.of(term.getPreference()), term.getWeight()));
      }
    }
    if (preferred.isEmpty()) {
      return node -> 0;
    }
    return node -> {
      long score = 0;
      for (WeightedMatcher m : preferred) {
        if (m.matcher().matches(node.name(), node.labels())) {
          score += m.weight();
        }
      }
      return score;
    };
  }

  /** 100 * score / max; all stay 0 when no node matches a preferred term. */
  @Override
  public void normalize(Pod pod, long[] scores) {
    long max = 0;
    for (long s : scores) {
      max = Math.max(max, s);
    }
    if (max == 0) {
      return;
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = MAX_NODE_SCORE * scores[i] / max;
    }
  }
}
