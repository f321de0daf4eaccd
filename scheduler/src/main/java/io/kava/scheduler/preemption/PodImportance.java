package io.kava.scheduler.preemption;

import io.kava.api.core.v1.Pod;
import io.kava.client.Times;
import java.time.Instant;
import java.util.Comparator;

/** Upstream's corev1helpers.PodPriority and util.MoreImportantPod. */
public final class PodImportance {
  private PodImportance() {}

  /** spec.priority, 0 when unset (as upstream's PodPriority). */
  public static int priority(Pod pod) {
    return pod.getSpec().hasPriority() ? pod.getSpec().getPriority() : 0;
  }

  /** When the kubelet started the pod; its creation when it has not started (upstream's GetPodStartTime is nil then). */
  public static Instant startTime(Pod pod) {
    String start = pod.getStatus().getStartTime();
    if (start.isEmpty()) {
      start = pod.getMetadata().getCreationTimestamp();
    }
    if (start.isEmpty()) {
      return Instant.MAX;
    }
    try {
      return Times.parse(start);
    } catch (RuntimeException e) {
      return Instant.MAX;
    }
  }

  /** Higher priority first, then the pod that started earlier (it has run longer and loses more). */
  public static final Comparator<Pod> MORE_IMPORTANT_FIRST = Comparator.comparingInt((Pod p) -> -priority(p))
      .thenComparing(PodImportance::startTime);
}
