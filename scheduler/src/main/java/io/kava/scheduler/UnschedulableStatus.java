package io.kava.scheduler;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.events.EventRecorder;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user why a pod waits, as upstream's handleSchedulingFailure: a FailedScheduling warning
 * event on every failed attempt (the recorder folds repeats into a count) and the condition
 * PodScheduled=False, reason Unschedulable, with the same message, written only when it changed.
 */
final class UnschedulableStatus {
  private static final Logger log = LoggerFactory.getLogger(UnschedulableStatus.class);
  static final String CONDITION = "PodScheduled";
  static final String REASON = "Unschedulable";

  private final ResourceClient<Pod> pods;
  private final EventRecorder events;

  UnschedulableStatus(ResourceClient<Pod> pods, EventRecorder events) {
    this.pods = pods;
    this.events = events;
  }

  /** Records the failure; throws an ApiException other than a conflict (the caller retries the pod). */
  void record(Pod pod, String message) {
    events.warning(pod, "FailedScheduling", message);
    // A pod bound meanwhile is left be: the kubelet owns its status now.
    boolean written = StatusUpdates.update(pods, pod,
        current -> Pods.isAssigned(current) ? current : withCondition(current, message).orElse(current));
    if (written) {
      log.info("Pod {} is unschedulable: {}", ApiObjects.key(pod), message);
    }
  }

  /**
   * The pod with PodScheduled=False/Unschedulable/message, or empty when it already says exactly that.
   * lastTransitionTime moves only when the status does, as upstream's UpdatePodCondition.
   */
  static Optional<Pod> withCondition(Pod pod, String message) {
    Pod.Builder builder = pod.toBuilder();
    int index = -1;
    for (int i = 0; i < pod.getStatus().getConditionsCount(); i++) {
      if (pod.getStatus().getConditions(i).getType().equals(CONDITION)) {
        index = i;
        break;
      }
    }
    PodCondition old = index < 0 ? null : pod.getStatus().getConditions(index);
    if (old != null && old.getStatus().equals("False") && old.getReason().equals(REASON)
        && old.getMessage().equals(message)) {
      return Optional.empty();
    }
    PodCondition condition = PodCondition.newBuilder().setType(CONDITION).setStatus("False").setReason(REASON)
        .setMessage(message)
        .setLastTransitionTime(old != null && old.getStatus().equals("False") ? old.getLastTransitionTime() : Times.now())
        .build();
    if (index < 0) {
      builder.getStatusBuilder().addConditions(condition);
    } else {
      builder.getStatusBuilder().setConditions(index, condition);
    }
    return Optional.of(builder.build());
  }
}
