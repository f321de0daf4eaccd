package io.kava.kubelet.testing;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.pod.PodEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event for assertions: "Normal Started Started container app". */
public final class RecordingEvents implements PodEvents {
  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void normal(Pod pod, String reason, String message) {
    events.add("Normal " + reason + " " + message);
  }

  @Override
  public void warning(Pod pod, String reason, String message) {
    events.add("Warning " + reason + " " + message);
  }

  public List<String> reasons() {
    return events.stream().map(e -> e.split(" ")[1]).toList();
  }

  public void clear() {
    events.clear();
  }
}
