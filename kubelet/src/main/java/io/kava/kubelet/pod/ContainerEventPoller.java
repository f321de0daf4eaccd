package io.kava.kubelet.pod;

import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.RuntimeUnavailableException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's PLEG (pod lifecycle event generator): relists this node's containers every second and
 * asks for a sync of every pod whose containers appeared, changed state or vanished, so a killed
 * container is restarted within about a second instead of at the next periodic sync.
 */
public final class ContainerEventPoller implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ContainerEventPoller.class);

  private final ContainerRuntime runtime;
  private final String node;
  private final Consumer<String> enqueue;
  private Map<String, Seen> previous = Map.of();
  private boolean failing;

  private record Seen(ContainerState state, String podKey) {}

  public ContainerEventPoller(ContainerRuntime runtime, String node, Consumer<String> enqueue) {
    this.runtime = runtime;
    this.node = node;
    this.enqueue = enqueue;
  }

  @Override
  public synchronized void run() {
    Map<String, Seen> current = new HashMap<>();
    try {
      for (ContainerSummary c : runtime.listContainers(ContainerLabels.ofNode(node))) {
        current.put(c.id(), new Seen(c.state(), ContainerLabels.podKey(c)));
      }
      if (failing) {
        log.info("Reached the container runtime again");
        failing = false;
      }
    } catch (RuntimeUnavailableException e) {
      if (!failing) {
        log.warn("Lost the container runtime: {}", e.getMessage());
        failing = true;
      }
      return;
    }
    Set<String> changed = new HashSet<>();
    current.forEach((id, seen) -> {
      Seen before = previous.get(id);
      if (before == null || before.state() != seen.state()) {
        changed.add(seen.podKey());
      }
    });
    previous.forEach((id, seen) -> {
      if (!current.containsKey(id)) {
        changed.add(seen.podKey());
      }
    });
    previous = current;
    changed.forEach(enqueue);
  }
}
