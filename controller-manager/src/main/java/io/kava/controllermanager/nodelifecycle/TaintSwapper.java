package io.kava.controllermanager.nodelifecycle;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Taint;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.taints.Taints;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's SwapNodeControllerTaint: adds and removes taints on the stored node in one update,
 * reading it again on a conflict (the kubelet writes the same object's status all the time).
 */
final class TaintSwapper {
  private static final Logger log = LoggerFactory.getLogger(TaintSwapper.class);
  private static final int RETRIES = 5;

  private final ResourceClient<Node> nodes;
  private final Clock clock;

  TaintSwapper(ResourceClient<Node> nodes, Clock clock) {
    this.nodes = nodes;
    this.clock = clock;
  }

  /** True when the node ends with the change made (or is gone); false when every attempt failed. */
  boolean swap(Node cached, List<Taint> add, List<Taint> remove) {
    Node node = cached;
    String now = Times.format(clock.instant());
    List<Taint> stamped = add.stream().map(t -> t.toBuilder().setTimeAdded(now).build()).toList();
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      List<Taint> before = node.getSpec().getTaintsList();
      List<Taint> next = Taints.edit(before, stamped, remove);
      if (next.equals(before)) {
        return true;
      }
      try {
        nodes.update(node.toBuilder().setSpec(node.getSpec().toBuilder().clearTaints().addAllTaints(next)).build());
        log.info("Changed taints of node {}: added {}, removed {}", node.getMetadata().getName(),
            keys(missingFrom(next, before)), keys(missingFrom(before, next)));
        return true;
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return true;
        }
        if (!e.isConflict()) {
          log.warn("Failed to change taints of node {}: {}", node.getMetadata().getName(), e.getMessage());
          return false;
        }
      }
      try {
        node = nodes.get("", node.getMetadata().getName());
      } catch (ApiException e) {
        return e.isNotFound();
      }
    }
    return false;
  }

  /** The taints of {@code taints} that {@code other} has no taint of the same key and effect for. */
  private static List<Taint> missingFrom(List<Taint> taints, List<Taint> other) {
    return taints.stream().filter(t -> other.stream().noneMatch(o -> Taints.sameKeyAndEffect(o, t))).toList();
  }

  private static List<String> keys(List<Taint> taints) {
    return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }
}
