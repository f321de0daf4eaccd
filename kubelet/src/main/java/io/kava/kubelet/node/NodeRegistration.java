package io.kava.kubelet.node;

import io.kava.api.core.v1.Taint;
import java.util.List;
import java.util.Map;

/**
 * What the kubelet puts on its Node when it creates it, and only then (upstream's --node-labels and
 * --register-with-taints): a Node that exists already keeps the labels and taints it has, so that a
 * label removed or a taint lifted with kavactl stays so across kubelet restarts.
 */
public record NodeRegistration(Map<String, String> labels, List<Taint> taints) {
  public static final NodeRegistration NONE = new NodeRegistration(Map.of(), List.of());

  public NodeRegistration {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
  }
}
