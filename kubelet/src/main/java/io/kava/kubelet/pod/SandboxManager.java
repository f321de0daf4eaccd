package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.runtime.ContainerCreateException;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStartException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a pod's sandbox: the container that holds the pod's network namespace (and hostPorts), which
 * every other container of the pod joins. Its address on the Docker bridge is the pod IP.
 *
 * <p>Starting it (the bridge's network setup) is the slowest step of a pod's startup, so it runs in the
 * background while the pod worker creates the pod's first containers, which Docker accepts before the
 * namespace they join runs; only their start waits for it.
 */
final class SandboxManager {
  private static final Logger log = LoggerFactory.getLogger(SandboxManager.class);

  private final ContainerRuntime runtime;
  private final ContainerFactory factory;
  private final PodEvents events;
  private final Backoff backoff;
  private final Clock clock;
  private final Executor background;

  SandboxManager(ContainerRuntime runtime, ContainerFactory factory, PodEvents events, Backoff backoff, Clock clock,
      Executor background) {
    this.background = background;
    this.runtime = runtime;
    this.factory = factory;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
  }

  /**
   * Creates and starts a new sandbox; empty (with a retry asked of requeue) when that failed. While it
   * starts, {@code whileStarting} gets its id and returns the containers it created to join it: they are
   * removed again if the sandbox does not come up. Once it runs, {@code onceStarted} starts them, while
   * the sandbox is inspected for its IP (their start needs only the namespace they join to run).
   */
  Optional<ContainerInfo> create(Pod pod, int attempt, Requeue requeue, Function<String, List<String>> whileStarting,
      Runnable onceStarted) {
    String key = pod.getMetadata().getUid() + "/" + ContainerLabels.SANDBOX_NAME;
    if (backoff.isInBackOffSinceUpdate(key)) {
      requeue.after(backoff.remainingSinceUpdate(key));
      return Optional.empty();
    }
    String id;
    try {
      id = runtime.createContainer(factory.sandbox(pod, attempt));
    } catch (ContainerCreateException e) {
      fail(pod, key, requeue, missingImage().orElse(e.getMessage()));
      return Optional.empty();
    }
    String sandboxId = id;
    CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
      try {
        runtime.startContainer(sandboxId);
      } catch (ContainerStartException e) {
        throw new CompletionException(e);
      }
    }, background);
    List<String> joining = List.of();
    String failure = null;
    try {
      joining = whileStarting.apply(id);
    } finally {
      try {
        started.join();
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof ContainerStartException)) {
          joining.forEach(runtime::removeContainer);
          throw e.getCause() instanceof RuntimeException r ? r : e; // the engine is unreachable: retried later
        }
        failure = e.getCause().getMessage();
      }
    }
    if (failure != null) {
      joining.forEach(runtime::removeContainer);
      runtime.removeContainer(id);
      fail(pod, key, requeue, failure);
      return Optional.empty();
    }
    CompletableFuture<Optional<ContainerInfo>> inspected = CompletableFuture.supplyAsync(
        () -> runtime.inspectContainer(id), background);
    onceStarted.run();
    Optional<ContainerInfo> sandbox;
    try {
      sandbox = inspected.join().filter(ContainerInfo::running);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e; // the engine is unreachable: retried later
    }
    if (sandbox.isEmpty()) {
      joining.forEach(runtime::removeContainer);
      fail(pod, key, requeue, "sandbox container " + id + " stopped right after it started");
      return Optional.empty();
    }
    backoff.reset(key);
    log.info("Started sandbox of pod {}/{} with IP {}", pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(), sandbox.get().ipAddress());
    return sandbox;
  }

  /**
   * Why a create failed when the sandbox image is missing. Asked only after a failure: looking the image
   * up before every sandbox would put one more engine call on each pod's startup.
   */
  private Optional<String> missingImage() {
    String image = factory.sandboxImage();
    return runtime.imageId(image).isPresent() ? Optional.empty()
        : Optional.of("sandbox image \"" + image + "\" is not present; build it with deploy/images/pause/build.sh");
  }

  private void fail(Pod pod, String key, Requeue requeue, String reason) {
    events.warning(pod, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + reason);
    log.warn("Failed to create the sandbox of pod {}/{}: {}", pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(), reason);
    backoff.next(key, clock.instant());
    requeue.after(backoff.remainingSinceUpdate(key));
  }
}
