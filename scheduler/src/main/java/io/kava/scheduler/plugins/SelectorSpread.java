package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
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
    Optional<String> owner = controllerUid(pod);
    if (owner.isEmpty()) {
      return 0;
    }
    String namespace = pod.getMetadata().getNamespace();
    return nodeInfo.pods().stream()
        .filter(p -> p.getMetadata().getNamespace().equals(namespace))
        .filter(p -> p.getMetadata().getDeletionTimestamp().isEmpty())
        .filter(p -> controllerUid(p).equals(owner))
        .count();
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

  static Optional<String> controllerUid(Pod pod) {
    for (OwnerReference ref : pod.getMetadata().getOwnerReferencesList()) {
      if (ref.hasController() && ref.getController() && !ref.getUid().isEmpty()) {
        return Optional.of(ref.getUid());
      }
    }
    return Optional.empty();
  }
}
