package io.kava.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * What the engine reports about one container. Times are null when the event has not happened
 * (a created container has no startedAt). ipAddress is the container's own address on the bridge,
 * empty for containers that join another container's network.
 */
public record ContainerInfo(
    String id,
    String name,
    String image,
    String imageId,
    Map<String, String> labels,
    ContainerState state,
    int exitCode,
    boolean oomKilled,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String ipAddress) {

  public ContainerInfo {
    labels = Map.copyOf(labels);
  }

  public boolean running() {
    return state == ContainerState.RUNNING;
  }

  public boolean exited() {
    return state == ContainerState.EXITED;
  }

  public ContainerSummary summary() {
    return new ContainerSummary(id, name, labels, state);
  }

  public String label(String key) {
    return labels.getOrDefault(key, "");
  }
}
