package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PreferredSchedulingTerm;
import io.kava.client.selector.NodeSelectors;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.ScorePlugin;

/**
 * Upstream's NodeAffinity plugin. Filter: the node must carry every spec.nodeSelector label and match
 * spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution. Score: the sum of the
 * weights of the preferredDuringSchedulingIgnoredDuringExecution terms the node matches, normalized so
 * the best node scores 100 (upstream's DefaultNormalizeScore).
 */
public final class NodeSelectorAndAffinity implements FilterPlugin, ScorePlugin {
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public String name() {
    return "NodeAffinity";
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    return matches(pod.getSpec(), nodeInfo.node()) ? FilterResult.SUCCESS : FilterResult.unschedulable(REASON);
  }

  static boolean matches(PodSpec spec, Node node) {
    return NodeSelectors.matchesPod(spec, node);
  }

  @Override
  public long score(Pod pod, NodeInfo nodeInfo) {
    if (!pod.getSpec().hasAffinity()) {
      return 0;
    }
    long score = 0;
    for (PreferredSchedulingTerm term
        : pod.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecutionList()) {
      if (term.getWeight() != 0 && NodeSelectors.matches(term.getPreference(), nodeInfo.node())) {
        score += term.getWeight();
      }
    }
    return score;
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
