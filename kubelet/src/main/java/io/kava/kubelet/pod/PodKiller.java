package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.runtime.ContainerSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Stops a pod's containers the way upstream does on deletion: SIGTERM to every app container at once,
 * SIGKILL for those still running after the grace period, then the sandbox; and removes them.
 */
public final class PodKiller {
  private final ContainerRuntime runtime;
  private final ExecutorService stopper;
  private final PodEvents events;

  public PodKiller(ContainerRuntime runtime, ExecutorService stopper, PodEvents events) {
    this.runtime = runtime;
    this.stopper = stopper;
    this.events = events;
  }

  /** Stops the running containers (sandbox last, if includeSandbox). pod may be null for orphans. */
  public void stop(Pod pod, List<ContainerSummary> containers, Duration grace, boolean includeSandbox) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    List<ContainerSummary> sandboxes = new ArrayList<>();
    for (ContainerSummary c : containers) {
      if (c.state() != ContainerState.RUNNING) {
        continue;
      }
      String name = c.labels().getOrDefault(ContainerLabels.CONTAINER_NAME, "");
      if (name.equals(ContainerLabels.SANDBOX_NAME)) {
        sandboxes.add(c);
        continue;
      }
      if (pod != null) {
        events.normal(pod, "Killing", "Stopping container " + name);
      }
      stops.add(CompletableFuture.runAsync(() -> runtime.stopContainer(c.id(), grace), stopper));
    }
    join(stops);
    if (includeSandbox) {
      List<CompletableFuture<Void>> sandboxStops = new ArrayList<>();
      for (ContainerSummary s : sandboxes) {
        sandboxStops.add(CompletableFuture.runAsync(() -> runtime.stopContainer(s.id(), grace), stopper));
      }
      join(sandboxStops);
    }
  }

  /** Stops everything, then removes every container given. */
  public void killAndRemove(Pod pod, List<ContainerSummary> containers, Duration grace) {
    stop(pod, containers, grace, true);
    for (ContainerSummary c : containers) {
      runtime.removeContainer(c.id());
    }
  }

  private static void join(List<CompletableFuture<Void>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
