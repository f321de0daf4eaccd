package io.kava.scheduler.plugins;

import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.framework.WeightedScorer;
import java.util.List;
import java.util.Random;

/** The default profile: filters in upstream's order (readiness first), both scores weighted 1. */
public final class DefaultPlugins {
  private DefaultPlugins() {}

  public static SchedulingFramework framework(Random random) {
    return new SchedulingFramework(
        List.of(new NodeReady(), new NodeUnschedulable(), new TaintToleration(), new NodeSelectorAndAffinity(),
            new NodePorts(), new NodeResourcesFit()),
        List.of(new WeightedScorer(new LeastAllocated(), 1), new WeightedScorer(new SelectorSpread(), 1)),
        random);
  }

  /** The default profile with VolumeBinding last among the filters (as upstream) and as the PreBind step. */
  public static SchedulingFramework framework(Random random, VolumeBinding volumes) {
    return new SchedulingFramework(
        List.of(new NodeReady(), new NodeUnschedulable(), new TaintToleration(), new NodeSelectorAndAffinity(),
            new NodePorts(), new NodeResourcesFit(), volumes),
        List.of(new WeightedScorer(new LeastAllocated(), 1), new WeightedScorer(new SelectorSpread(), 1)),
        random, List.of(volumes));
  }
}
