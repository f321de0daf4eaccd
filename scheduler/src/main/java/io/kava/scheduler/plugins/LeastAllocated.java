package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodRequests;
import io.kava.scheduler.framework.Resources;
import io.kava.scheduler.framework.ScorePlugin;

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
    Resources requested = nodeInfo.nonZeroRequested().plus(PodRequests.nonZero(pod));
    Resources allocatable = nodeInfo.allocatable();
    long sum = 0;
    long weights = 0;
    if (allocatable.milliCpu() > 0) {
      sum += leastRequested(requested.milliCpu(), allocatable.milliCpu());
      weights++;
    }
    if (allocatable.memory() > 0) {
      sum += leastRequested(requested.memory(), allocatable.memory());
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
