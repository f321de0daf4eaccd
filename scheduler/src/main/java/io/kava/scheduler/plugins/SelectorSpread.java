package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.Controllers;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.ScorePlugin;
import java.util.Optional;

/**
 * Spreads the pods of one controller (same controller ownerReference uid) over the nodes, as upstream's
 * SelectorSpread: the raw score counts the pod's siblings on the node (same namespace, not being
 * deleted), and normalizing gives the node with the fewest siblings the full score.
 */
public final class SelectorSpread implements ScorePlugin {
  @Override
  public String name() {
    return "SelectorSpread";
  }

  @Override
  public long score(Pod pod, NodeInfo nodeInfo) {
    Optional<String> owner = Controllers.uid(pod);
    return owner.map(uid -> nodeInfo.podsControlledBy(pod.getMetadata().getNamespace(), uid)).orElse(0L);
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
