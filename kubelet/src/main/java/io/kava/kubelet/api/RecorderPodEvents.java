package io.kava.kubelet.api;

import io.kava.api.core.v1.Pod;
import io.kava.client.events.EventRecorder;
import io.kava.kubelet.pod.PodEvents;

/** Pod events as Kubernetes Events, written in the background by the client's EventRecorder. */
public final class RecorderPodEvents implements PodEvents {
  private final EventRecorder recorder;

  public RecorderPodEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void normal(Pod pod, String reason, String message) {
    recorder.normal(pod, reason, message);
  }

  @Override
  public void warning(Pod pod, String reason, String message) {
    recorder.warning(pod, reason, message);
  }
}
