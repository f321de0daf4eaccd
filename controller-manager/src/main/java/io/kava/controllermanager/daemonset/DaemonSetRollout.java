package io.kava.controllermanager.daemonset;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.IntOrString;
import io.kava.controllermanager.util.Pods;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A RollingUpdate step (upstream daemon/update.go rollingUpdate): with maxSurge 0, delete old pods
 * (unavailable ones first) while fewer than maxUnavailable nodes lack an available pod; with maxSurge,
 * start the new pod beside the old one on up to maxSurge nodes and delete the old one once the new
 * one is available.
 */
final class DaemonSetRollout {
  private final DaemonSet ds;
  private final List<Node> nodes;
  private final Map<String, List<Pod>> byNode;
  private final String revision;
  private final Instant now;

  DaemonSetRollout(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> byNode, String revision, Instant now) {
    this.ds = ds;
    this.nodes = nodes;
    this.byNode = byNode;
    this.revision = revision;
    this.now = now;
  }

  void plan(List<String> toCreate, List<Pod> toDelete) {
    List<Node> eligible = nodes.stream().filter(n -> DaemonPods.shouldRun(ds, n)).toList();
    int desired = eligible.size();
    var ru = ds.getSpec().getUpdateStrategy().getRollingUpdate();
    if (DaemonSetSyncer.surging(ds)) {
      int surge = scaled(ru.getMaxSurge(), desired, true);
      int surging = 0;
      for (Node node : eligible) {
        List<Pod> here = pods(node);
        Pod fresh = here.stream().filter(this::isNew).findFirst().orElse(null);
        List<Pod> old = here.stream().filter(p -> !isNew(p)).toList();
        if (old.isEmpty()) {
          continue;
        }
        if (fresh == null) {
          if (surging < surge) {
            toCreate.add(node.getMetadata().getName());
          }
          surging++;
        } else if (available(fresh)) {
          toDelete.addAll(old);
        } else {
          surging++;
        }
      }
      return;
    }
    int maxUnavailable = Math.max(1, scaled(ru.getMaxUnavailable(), desired, true));
    int unavailable = 0;
    for (Node node : eligible) {
      List<Pod> here = pods(node);
      if (here.isEmpty() || here.stream().noneMatch(this::available)) {
        unavailable++;
      }
    }
    // Old pods that are not available anyway go first: deleting them costs nothing.
    for (Node node : eligible) {
      for (Pod pod : pods(node)) {
        if (!isNew(pod) && !available(pod)) {
          toDelete.add(pod);
        }
      }
    }
    for (Node node : eligible) {
      if (unavailable >= maxUnavailable) {
        break;
      }
      for (Pod pod : pods(node)) {
        if (!isNew(pod) && available(pod)) {
          toDelete.add(pod);
          unavailable++;
        }
      }
    }
  }

  private List<Pod> pods(Node node) {
    return byNode.getOrDefault(node.getMetadata().getName(), List.of());
  }

  private boolean isNew(Pod pod) {
    return revision.equals(pod.getMetadata().getLabelsOrDefault(DaemonPods.REVISION_LABEL, ""));
  }

  private boolean available(Pod pod) {
    return Pods.isAvailable(pod, ds.getSpec().getMinReadySeconds(), now);
  }

  /** An int, or a percent of total rounded up, as upstream's GetScaledValueFromIntOrPercent(roundUp). */
  static int scaled(IntOrString v, int total, boolean roundUp) {
    if (!v.hasStrVal()) {
      return v.getIntVal();
    }
    int percent = Integer.parseInt(v.getStrVal().replace("%", ""));
    return roundUp ? (int) Math.ceil(percent * total / 100.0) : percent * total / 100;
  }
}
