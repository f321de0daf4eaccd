package io.kava.scheduler.framework;

import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import java.util.List;
import java.util.Optional;

/**
 * A pod counted on a node with what every NodeInfo sums from it, worked out once when the pod is counted
 * (upstream's framework.PodInfo), not again each time its node's info is rebuilt: its requests for
 * filtering and for scoring, its host ports, and its pod affinity terms when it has any.
 */
public record PodInfo(Pod pod, Resources requests, Resources nonZeroRequests, List<ContainerPort> hostPorts,
    Optional<PodAffinityTerms> affinityTerms) {
  public static PodInfo of(Pod pod) {
    Optional<PodAffinityTerms> terms = PodAffinityTerms.hasPodAffinity(pod)
        ? Optional.of(PodAffinityTerms.of(pod)) : Optional.empty();
    return new PodInfo(pod, PodRequests.of(pod), PodRequests.nonZero(pod), List.copyOf(HostPorts.wanted(pod)), terms);
  }
}
