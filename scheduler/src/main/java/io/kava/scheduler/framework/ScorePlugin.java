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
   * Upstream's PreScore: runs once per cycle before any node is scored, with the feasible nodes (in the
   * order of the scores array) and every node, and writes into the state what scoring needs. The
   * default needs nothing.
   */
  default void preScore(CycleState state, Pod pod, List<NodeInfo> feasible, List<NodeInfo> allNodes) {}

  /** The score with the cycle's state; the default ignores it. */
  default long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
    return score(pod, nodeInfo);
  }

  /** Normalizing with the cycle's state; the default ignores it. */
  default void normalize(CycleState state, Pod pod, long[] scores) {
    normalize(pod, scores);
  }
}
