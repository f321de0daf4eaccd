package io.kava.kubelet.pod;

import io.kava.kubelet.runtime.ContainerInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's containers as the runtime reports them at one moment, grouped by container name, newest
 * attempt first. This is the "observed state" the pod worker compares the spec against.
 */
public final class ObservedPod {
  private static final Comparator<ContainerInfo> NEWEST_FIRST = Comparator
      .comparingInt(ContainerLabels::restartCount)
      .thenComparing(c -> c.createdAt() == null ? Instant.EPOCH : c.createdAt())
      .reversed();

  private final List<ContainerInfo> sandboxes;
  private final Map<String, List<ContainerInfo>> containers;

  public ObservedPod(List<ContainerInfo> all) {
    Map<String, List<ContainerInfo>> byName = new LinkedHashMap<>();
    List<ContainerInfo> pods = new ArrayList<>();
    for (ContainerInfo c : all) {
      String name = c.label(ContainerLabels.CONTAINER_NAME);
      if (name.equals(ContainerLabels.SANDBOX_NAME)) {
        pods.add(c);
      } else {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(c);
      }
    }
    pods.sort(NEWEST_FIRST);
    byName.values().forEach(list -> list.sort(NEWEST_FIRST));
    this.sandboxes = List.copyOf(pods);
    Map<String, List<ContainerInfo>> frozen = new LinkedHashMap<>();
    byName.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.containers = frozen;
  }

  public static ObservedPod empty() {
    return new ObservedPod(List.of());
  }

  public Optional<ContainerInfo> latestSandbox() {
    return sandboxes.stream().findFirst();
  }

  /** The newest sandbox if it runs: the pod's network namespace. */
  public Optional<ContainerInfo> runningSandbox() {
    return latestSandbox().filter(ContainerInfo::running);
  }

  public List<ContainerInfo> sandboxes() {
    return sandboxes;
  }

  /** The newest container for a spec container name. */
  public Optional<ContainerInfo> latest(String name) {
    return attempts(name).stream().findFirst();
  }

  /** The attempt before the newest one: its termination is the status' lastState. */
  public Optional<ContainerInfo> previous(String name) {
    List<ContainerInfo> list = attempts(name);
    return list.size() > 1 ? Optional.of(list.get(1)) : Optional.empty();
  }

  public List<ContainerInfo> attempts(String name) {
    return containers.getOrDefault(name, List.of());
  }

  /** Every container except sandboxes. */
  public List<ContainerInfo> containers() {
    return containers.values().stream().flatMap(List::stream).toList();
  }

  public List<ContainerInfo> all() {
    List<ContainerInfo> all = new ArrayList<>(containers());
    all.addAll(sandboxes);
    return all;
  }

  public boolean isEmpty() {
    return sandboxes.isEmpty() && containers.isEmpty();
  }
}
