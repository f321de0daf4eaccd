package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ImagePullException;
import io.kava.kubelet.runtime.ImageReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a container's image available per its imagePullPolicy, as upstream's image manager: Never uses
 * only a local image, IfNotPresent pulls when it is missing, Always pulls every time. Failed pulls back
 * off per pod and image (ErrImagePull, then ImagePullBackOff).
 *
 * <p>There is no registry on a Kava machine, and the API server defaults imagePullPolicy to Always for
 * ":latest" and untagged images. So that upstream manifests work offline, a failed pull under Always
 * falls back to an image already present (flag --image-pull-fallback-local, on by default). After such
 * a fallback the image is not pulled again for {@link #FALLBACK_RECHECK}: every pull attempt makes the
 * engine look up a registry that is not there, and one failure per image says enough.
 */
public final class ImagePuller {
  private static final Logger log = LoggerFactory.getLogger(ImagePuller.class);
  static final Duration FALLBACK_RECHECK = Duration.ofMinutes(5);

  private final ContainerRuntime runtime;
  private final Backoff backoff;
  private final boolean fallbackToLocal;
  private final boolean registryPulls;
  private final PodEvents events;
  private final Clock clock;
  private final Set<String> fallbackLogged = ConcurrentHashMap.newKeySet();
  /** When a pull of an image last failed and the local image was used instead. */
  private final Map<String, Instant> fellBack = new ConcurrentHashMap<>();

  /** The image is ready (imageId set), or the container must wait (waiting set, retry after retryAfter). */
  public record Result(String imageId, Waiting waiting, Duration retryAfter) {
    static Result ready(String imageId) {
      return new Result(imageId, null, null);
    }

    static Result waiting(String reason, String message, Duration retryAfter) {
      return new Result(null, new Waiting(reason, message), retryAfter);
    }

    public boolean isReady() {
      return imageId != null;
    }
  }

  public ImagePuller(ContainerRuntime runtime, Backoff backoff, boolean fallbackToLocal, PodEvents events,
      Clock clock) {
    this(runtime, backoff, fallbackToLocal, true, events, clock);
  }

  /** registryPulls false: never ask the engine to pull; a missing image fails like a failed pull. */
  public ImagePuller(ContainerRuntime runtime, Backoff backoff, boolean fallbackToLocal, boolean registryPulls,
      PodEvents events, Clock clock) {
    this.registryPulls = registryPulls;
    this.runtime = runtime;
    this.backoff = backoff;
    this.fallbackToLocal = fallbackToLocal;
    this.events = events;
    this.clock = clock;
  }

  /** Upstream's defaulting: Always for ":latest" or untagged images, IfNotPresent otherwise. */
  public static String pullPolicy(Container c) {
    if (!c.getImagePullPolicy().isEmpty()) {
      return c.getImagePullPolicy();
    }
    return ImageReference.isLatest(c.getImage()) ? "Always" : "IfNotPresent";
  }

  public Result ensure(Pod pod, Container container) {
    String image = container.getImage();
    String policy = pullPolicy(container);
    Optional<String> local = runtime.imageId(image);
    if (policy.equals("Never")) {
      if (local.isPresent()) {
        events.normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
        return Result.ready(local.get());
      }
      String message = "Container image \"" + image + "\" is not present with pull policy of Never";
      events.warning(pod, "ErrImageNeverPull", message);
      return Result.waiting(Waiting.ERR_IMAGE_NEVER_PULL, message, null);
    }
    if (policy.equals("IfNotPresent") && local.isPresent()) {
      events.normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
      return Result.ready(local.get());
    }
    Instant lastFallback = fellBack.get(image);
    if (fallbackToLocal && local.isPresent() && lastFallback != null
        && Duration.between(lastFallback, clock.instant()).compareTo(FALLBACK_RECHECK) < 0) {
      events.normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
      return Result.ready(local.get());
    }
    String key = pod.getMetadata().getUid() + "_" + image;
    if (backoff.isInBackOffSinceUpdate(key)) {
      String message = "Back-off pulling image \"" + image + "\"";
      events.normal(pod, "BackOff", message);
      events.warning(pod, "Failed", "Error: " + Waiting.IMAGE_PULL_BACK_OFF);
      return Result.waiting(Waiting.IMAGE_PULL_BACK_OFF, message, backoff.remainingSinceUpdate(key));
    }
    events.normal(pod, "Pulling", "Pulling image \"" + image + "\"");
    long start = clock.millis();
    try {
      if (!registryPulls) {
        throw new ImagePullException("image " + image + " is not present on this node and registry pulls are off"
            + " (--registry-pulls=false)", null);
      }
      runtime.pullImage(image);
      Optional<String> pulled = runtime.imageId(image);
      if (pulled.isEmpty()) {
        throw new ImagePullException("image " + image + " is missing after its pull", null);
      }
      backoff.reset(key);
      fellBack.remove(image);
      events.normal(pod, "Pulled", "Successfully pulled image \"" + image + "\" in "
          + String.format("%.3fs", (clock.millis() - start) / 1000.0));
      return Result.ready(pulled.get());
    } catch (ImagePullException e) {
      if (fallbackToLocal && local.isPresent()) {
        fellBack.put(image, clock.instant());
        if (fallbackLogged.add(image)) {
          log.info("Pull of image {} failed, used the local image instead: {}", image, e.getMessage());
        }
        events.normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
        return Result.ready(local.get());
      }
      backoff.next(key, clock.instant());
      String message = "Failed to pull image \"" + image + "\": " + e.getMessage();
      events.warning(pod, "Failed", message);
      events.warning(pod, "Failed", "Error: " + Waiting.ERR_IMAGE_PULL);
      return Result.waiting(Waiting.ERR_IMAGE_PULL, message, backoff.remainingSinceUpdate(key));
    }
  }

  /** Forgets a pod's pull backoffs once the pod is gone. */
  public void forgetPod(String podUid) {
    backoff.resetPrefix(podUid + "_");
  }
}
