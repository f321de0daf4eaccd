package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodRequests;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.Resources;
import io.kava.scheduler.framework.ScorePlugin;
import java.util.List;

/**
 * Upstream's NodeResourcesFit score with the LeastAllocated strategy, cpu and memory weighted 1 each:
 * per resource (allocatable - requested) * 100 / allocatable, where requested already includes this
 * pod and counts request-less containers at upstream's defaults; resources a node does not offer are
 * left out of the average.
 */
public final class LeastAllocated implements ScorePlugin {
  @Override
  public String name() {
    return "NodeResourcesLeastAllocated";
  }

  @Override
  public long score(Pod pod, NodeInfo nodeInfo) {
    return score(PodRequests.nonZero(pod), nodeInfo);
  }

  /** The pod's non-zero requests, summed once. */
  @Override
  public PodScorer preScore(Pod pod, List<NodeInfo> feasible) {
    Resources podRequests = PodRequests.nonZero(pod);
    return node -> score(podRequests, node);
  }

  private static long score(Resources podRequests, NodeInfo nodeInfo) {
    long requestedCpu = nodeInfo.nonZeroRequested().milliCpu() + podRequests.milliCpu();
    long requestedMemory = nodeInfo.nonZeroRequested().memory() + podRequests.memory();
    Resources allocatable = nodeInfo.allocatable();
    long sum = 0;
    long weights = 0;
    if (allocatable.milliCpu() > 0) {
      sum += leastRequested(requestedCpu, allocatable.milliCpu());
      weights++;
    }
    if (allocatable.memory() > 0) {
      sum += leastRequested(requestedMemory, allocatable.memory());
      weights++;
    }
    return weights == 0 ? 0 : sum / weights;
  }

  static long leastRequested(long requested, long capacity) {
    if (capacity == 0 || requested > capacity) {
      return 0;
    }
    return (capacity - requested) * MAX_NODE_SCORE / capacity;
  }
}
