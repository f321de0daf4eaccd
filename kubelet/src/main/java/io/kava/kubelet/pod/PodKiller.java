package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.lifecycle.HookRunner;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.runtime.ContainerSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a pod's containers the way upstream does on deletion: every app container at once, each
 * running its preStop hook first (within the grace period), then SIGTERM, SIGKILL for those still
 * running after the rest of the grace period; then the sandbox; and removes them.
 */
public final class PodKiller {
  private static final Logger log = LoggerFactory.getLogger(PodKiller.class);
  /** Upstream's minimumGracePeriodInSeconds: a preStop hook that used the whole grace still leaves a SIGTERM window. */
  static final Duration MINIMUM_GRACE_AFTER_PRE_STOP = Duration.ofSeconds(2);

  private final ContainerRuntime runtime;
  private final ExecutorService stopper;
  private final PodEvents events;
  private final HookRunner hooks;
  private final String nodeIp;
  private final Clock clock;

  /** Without hooks: for containers whose pod spec is gone (orphans). */
  public PodKiller(ContainerRuntime runtime, ExecutorService stopper, PodEvents events) {
    this(runtime, stopper, events, null, "", Clock.systemUTC());
  }

  public PodKiller(ContainerRuntime runtime, ExecutorService stopper, PodEvents events, HookRunner hooks,
      String nodeIp, Clock clock) {
    this.runtime = runtime;
    this.stopper = stopper;
    this.events = events;
    this.hooks = hooks;
    this.nodeIp = nodeIp;
    this.clock = clock;
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
      Optional<Container> spec = spec(pod, name);
      String sandboxId = c.labels().getOrDefault(ContainerLabels.SANDBOX_ID, "");
      stops.add(CompletableFuture.runAsync(() -> stopAfterPreStop(pod, spec, c.id(), sandboxId, grace), stopper));
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

  /** Stops one container of a live pod (failed liveness, failed postStart), preStop first, as upstream's killContainer. */
  public void kill(Pod pod, Container spec, String id, String sandboxId, Duration grace, String message) {
    events.normal(pod, "Killing", message);
    stopAfterPreStop(pod, Optional.of(spec), id, sandboxId, grace);
  }

  /** Stops everything, then removes every container given. */
  public void killAndRemove(Pod pod, List<ContainerSummary> containers, Duration grace) {
    stop(pod, containers, grace, true);
    for (ContainerSummary c : containers) {
      runtime.removeContainer(c.id());
    }
  }

  /** Upstream's executePreStopHook then StopContainer with what is left of the grace period. */
  private void stopAfterPreStop(Pod pod, Optional<Container> spec, String id, String sandboxId, Duration grace) {
    Duration remaining = grace;
    if (hooks != null && pod != null && spec.isPresent() && spec.get().getLifecycle().hasPreStop()
        && grace.compareTo(Duration.ZERO) > 0) {
      Instant start = clock.instant();
      HookRunner.Result result = hooks.run(pod, spec.get(), id, spec.get().getLifecycle().getPreStop(),
          podIp(pod, sandboxId), grace);
      if (result.failed()) {
        log.warn("PreStop hook of container {} of pod {}/{} failed: {}", spec.get().getName(),
            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), result.message());
        // Upstream leaves the hook's output out of the event, so that no secret leaks.
        events.warning(pod, "FailedPreStopHook", "PreStopHook failed");
      }
      // Whole seconds, as upstream counts them.
      Duration elapsed = Duration.ofSeconds(Duration.between(start, clock.instant()).toSeconds());
      remaining = grace.minus(elapsed);
      if (remaining.compareTo(MINIMUM_GRACE_AFTER_PRE_STOP) < 0) {
        remaining = MINIMUM_GRACE_AFTER_PRE_STOP;
      }
    }
    runtime.stopContainer(id, remaining);
  }

  /** The address a preStop httpGet goes to: the sandbox's (the node's for hostNetwork pods). */
  private String podIp(Pod pod, String sandboxId) {
    if (pod.getSpec().getHostNetwork()) {
      return nodeIp;
    }
    if (sandboxId.isEmpty()) {
      return "";
    }
    return runtime.inspectContainer(sandboxId).map(ContainerInfo::ipAddress).orElse("");
  }

  private static Optional<Container> spec(Pod pod, String name) {
    if (pod == null) {
      return Optional.empty();
    }
    for (Container c : pod.getSpec().getContainersList()) {
      if (c.getName().equals(name)) {
        return Optional.of(c);
      }
    }
    for (Container c : pod.getSpec().getInitContainersList()) {
      if (c.getName().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
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
