package io.kava.controllermanager.util;

import io.kava.api.core.v1.Pod;
import io.kava.client.informer.Lister;
import io.kava.client.informer.SharedInformer;
import java.util.List;

/** A pod index by spec.nodeName, shared by the controllers that act on a node's pods. */
public final class PodsByNode {
  public static final String INDEX = "spec.nodeName";

  private PodsByNode() {}

  /** Adds the index (idempotent: several controllers may ask for it on the shared informer). */
  public static void index(SharedInformer<Pod> pods) {
    pods.addIndex(INDEX, p -> p.getSpec().getNodeName().isEmpty() ? List.of() : List.of(p.getSpec().getNodeName()));
  }

  public static List<Pod> on(Lister<Pod> pods, String node) {
    return pods.byIndex(INDEX, node);
  }
}
