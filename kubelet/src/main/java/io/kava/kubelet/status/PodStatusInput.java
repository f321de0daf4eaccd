package io.kava.kubelet.status;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.pod.Waiting;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Everything a pod's status is computed from.
 *
 * @param pod the pod as the API server has it (spec, and the status last written)
 * @param observed the pod's containers as Docker reports them now
 * @param waiting why containers that should run do not (the pod worker's findings), by container name
 * @param readinessPassed ids of running containers whose readiness probe currently succeeds
 * @param startupPassed ids of running containers whose startup probe has succeeded
 * @param hostIp the node's address
 * @param now the time written into transitions and startTime
 * @param terminationMessages what exited containers left as their termination message, by container id
 */
public record PodStatusInput(
    Pod pod,
    ObservedPod observed,
    Map<String, Waiting> waiting,
    Set<String> readinessPassed,
    Set<String> startupPassed,
    String hostIp,
    Instant now,
    Map<String, String> terminationMessages) {

  /** Without termination messages. */
  public PodStatusInput(Pod pod, ObservedPod observed, Map<String, Waiting> waiting, Set<String> readinessPassed,
      Set<String> startupPassed, String hostIp, Instant now) {
    this(pod, observed, waiting, readinessPassed, startupPassed, hostIp, now, Map.of());
  }
}
