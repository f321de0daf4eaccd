package io.kava.kubelet.runtime;

import java.util.Map;

/** A container as a cheap list shows it: enough to notice that something changed. */
public record ContainerSummary(String id, String name, Map<String, String> labels, ContainerState state) {
  public ContainerSummary {
    labels = Map.copyOf(labels);
  }
}
