package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.Controllers;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.ScorePlugin;
import java.util.List;
import java.util.Optional;

/**
 * Spreads the pods of one controller (same controller ownerReference uid) over the nodes, as upstream's
 * SelectorSpread: the raw score counts the pod's siblings on the node (same namespace, not being
 * deleted), and normalizing gives the node with the fewest siblings the full score.
 */
public final class SelectorSpread implements ScorePlugin {
  private static final PodScorer NO_SIBLINGS = node -> 0;

  @Override
  public String name() {
    return "SelectorSpread";
  }

  @Override
  public long score(Pod pod, NodeInfo nodeInfo) {
    return preScore(pod, List.of(nodeInfo)).score(nodeInfo);
  }

  /** The pod's controller, looked up once. */
  @Override
  public PodScorer preScore(Pod pod, List<NodeInfo> feasible) {
    Optional<String> owner = Controllers.uid(pod);
    if (owner.isEmpty()) {
      return NO_SIBLINGS;
    }
    // Interned as NodeInfo's keys are, so each node's lookup compares references.
    String namespace = pod.getMetadata().getNamespace().intern();
    String uid = owner.get().intern();
    return node -> node.podsControlledBy(namespace, uid);
  }

  /** Fewer siblings, higher score: 100 * (max - count) / max; all 100 when no node has a sibling. */
  @Override
  public void normalize(Pod pod, long[] scores) {
    long max = 0;
    for (long s : scores) {
      max = Math.max(max, s);
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = max == 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE * (max - scores[i]) / max;
    }
  }
}
