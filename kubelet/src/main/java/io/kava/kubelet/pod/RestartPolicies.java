package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerInfo;

/** Upstream's restart decisions for a container that has exited, as pure functions. */
public final class RestartPolicies {
  public static final String ALWAYS = "Always";
  public static final String ON_FAILURE = "OnFailure";
  public static final String NEVER = "Never";

  private RestartPolicies() {}

  /** The pod's restartPolicy; the API server defaults it to Always, and so do we if it did not. */
  public static String of(Pod pod) {
    String p = pod.getSpec().getRestartPolicy();
    return p.isEmpty() ? ALWAYS : p;
  }

  /** Whether an exited app container is started again. */
  public static boolean shouldRestart(String policy, ContainerInfo exited) {
    return switch (policy) {
      case NEVER -> false;
      case ON_FAILURE -> exited.exitCode() != 0;
      default -> true;
    };
  }

  /** Init containers run to success: a failed one is retried unless the pod never restarts. */
  public static boolean shouldRestartInit(String policy, ContainerInfo exited) {
    return exited.exitCode() != 0 && !policy.equals(NEVER);
  }

  /** An init container that failed under restartPolicy Never fails the whole pod. */
  public static boolean initFailedForGood(String policy, ContainerInfo exited) {
    return exited.exited() && exited.exitCode() != 0 && policy.equals(NEVER);
  }
}
