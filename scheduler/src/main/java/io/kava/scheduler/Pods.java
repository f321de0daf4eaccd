package io.kava.scheduler;

import io.kava.api.core.v1.Pod;

/** Questions the scheduler asks about a pod. */
final class Pods {
  private Pods() {}

  static boolean isAssigned(Pod pod) {
    return !pod.getSpec().getNodeName().isEmpty();
  }

  /** Succeeded or Failed: its containers are gone and its requests no longer count on the node. */
  static boolean isTerminated(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  /** Unassigned, alive, not being deleted, and asking for this scheduler (or for none in particular). */
  static boolean needsScheduling(Pod pod, String schedulerName) {
    String wanted = pod.getSpec().getSchedulerName();
    return !isAssigned(pod) && !isTerminated(pod) && pod.getMetadata().getDeletionTimestamp().isEmpty()
        && (wanted.isEmpty() || wanted.equals(schedulerName));
  }

  /**
   * Whether anything but status and resourceVersion changed: the scheduler's own PodScheduled write
   * must not make an unschedulable pod try again at once (upstream's isPodUpdated does the same).
   */
  static boolean onlyStatusChanged(Pod oldPod, Pod newPod) {
    return strip(oldPod).equals(strip(newPod));
  }

  private static Pod strip(Pod pod) {
    return pod.toBuilder().clearStatus()
        .setMetadata(pod.getMetadata().toBuilder().clearResourceVersion().clearGeneration()).build();
  }
}
