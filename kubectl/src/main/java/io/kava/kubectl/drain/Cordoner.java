package io.kava.kubectl.drain;

import io.kava.api.core.v1.Node;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.kubectl.generate.DryRun;

/**
 * Sets a node's spec.unschedulable, as kubectl's CordonHelper: nothing is written when it already has
 * the wanted value; the write is a compare-and-swap, read again on a conflict.
 */
public final class Cordoner {
  private static final int CONFLICT_RETRIES = 5;

  private final ResourceClient<Node> nodes;

  public Cordoner(ResourceClient<Node> nodes) {
    this.nodes = nodes;
  }

  /** "node/x cordoned", "node/x already uncordoned", ... with kubectl's dry-run suffix. */
  public String set(String name, boolean unschedulable, DryRun dryRun) {
    String verb = unschedulable ? "cordoned" : "uncordoned";
    for (int attempt = 0; ; attempt++) {
      Node node = nodes.get("", name);
      if (node.getSpec().getUnschedulable() == unschedulable) {
        return "node/" + name + " already " + verb + dryRun.suffix();
      }
      if (dryRun == DryRun.NONE) {
        try {
          nodes.update(node.toBuilder().setSpec(node.getSpec().toBuilder().setUnschedulable(unschedulable)).build());
        } catch (ApiException e) {
          if (e.isConflict() && attempt < CONFLICT_RETRIES) {
            continue;
          }
          throw e;
        }
      }
      return "node/" + name + " " + verb + dryRun.suffix();
    }
  }
}
