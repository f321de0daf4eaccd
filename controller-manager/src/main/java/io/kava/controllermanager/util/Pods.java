package io.kava.controllermanager.util;

import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.Times;
import java.time.Instant;
import java.util.Optional;

/** Pod predicates the workload controllers share (upstream podutil and controller_utils). */
public final class Pods {
  public static final String PHASE_PENDING = "Pending";
  public static final String PHASE_RUNNING = "Running";
  public static final String PHASE_SUCCEEDED = "Succeeded";
  public static final String PHASE_FAILED = "Failed";
  public static final String PHASE_UNKNOWN = "Unknown";

  private Pods() {}

  /** Counts towards replicas: not finished (Succeeded/Failed) and not being deleted. */
  public static boolean isActive(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return !PHASE_SUCCEEDED.equals(phase) && !PHASE_FAILED.equals(phase) && !isTerminating(pod);
  }

  public static boolean isTerminating(Pod pod) {
    return !pod.getMetadata().getDeletionTimestamp().isEmpty();
  }

  /** The Ready condition, if the kubelet has reported one. */
  public static Optional<PodCondition> readyCondition(Pod pod) {
    return pod.getStatus().getConditionsList().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  public static boolean isReady(Pod pod) {
    return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /**
   * Ready for at least minReadySeconds at {@code now}, measured from the Ready condition's
   * lastTransitionTime (upstream IsPodAvailable). With minReadySeconds 0 ready means available.
   */
  public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    Instant since = readySince(pod);
    return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
  }

  /** When the pod last became ready, or null when unknown. */
  public static Instant readySince(Pod pod) {
    return readyCondition(pod).map(c -> Times.parse(c.getLastTransitionTime())).orElse(null);
  }

  /** The highest restart count of any of its containers. */
  public static int maxContainerRestarts(Pod pod) {
    return pod.getStatus().getContainerStatusesList().stream().mapToInt(ContainerStatus::getRestartCount)
        .max().orElse(0);
  }

  public static boolean isAssigned(Pod pod) {
    return !pod.getSpec().getNodeName().isEmpty();
  }
}
