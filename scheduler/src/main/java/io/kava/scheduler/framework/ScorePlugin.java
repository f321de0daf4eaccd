package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import java.util.List;

/**
 * Upstream's Score extension point: how good is this feasible node for the pod, 0 to
 * {@link #MAX_NODE_SCORE} after {@link #normalize}. {@link #score} is a pure function of one node;
 * {@link #normalize} sees every feasible node's raw score at once (spreading needs the maximum).
 */
public interface ScorePlugin {
  long MAX_NODE_SCORE = 100;

  String name();

  long score(Pod pod, NodeInfo nodeInfo);

  /** Rewrites raw scores in place into 0..MAX_NODE_SCORE; the default keeps them as they are. */
  default void normalize(Pod pod, long[] scores) {}

  /**
   * Upstream's PreScore: what this plugin works out once per pod and cycle before the FEASIBLE nodes are
   * scored. The returned scorer must give {@link #score}'s raw score for every node and is called from
   * several threads at once. The default asks {@link #score} for each node.
   */
  default PodScorer preScore(Pod pod, List<NodeInfo> feasible) {
    return node -> score(pod, node);
  }

  /**
   * PreScore for a plugin that counts over every node, not only the feasible ones (pod affinity,
   * topology spread): the framework calls this one; the default ignores ALL_NODES.
   */
  default PodScorer preScore(Pod pod, List<NodeInfo> feasible, List<NodeInfo> allNodes) {
    return preScore(pod, feasible);
  }
}
