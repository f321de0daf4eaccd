package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;

/** Where the kubelet reports what it did to a pod (Pulling, Created, Started, Killing, BackOff, ...). */
public interface PodEvents {
  void normal(Pod pod, String reason, String message);

  void warning(Pod pod, String reason, String message);
}
