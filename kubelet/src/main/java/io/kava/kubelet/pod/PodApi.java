package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;

/** The kubelet's writes to the API server about its pods. */
public interface PodApi {
  /** Writes the status unless the API server already has it; conflicts are retried on the latest pod. */
  void updateStatus(Pod pod, PodStatus status);

  /** Removes the pod object for good (gracePeriodSeconds=0) once its containers are gone; false if it already was. */
  boolean delete(Pod pod);

  /** Forgets whatever was remembered about a pod that is gone. */
  default void forget(String podUid) {}
}
