package io.kava.scheduler.plugins;

import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.Parallelizer;
import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.framework.WeightedScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The default profile: filters in upstream's order (readiness first), both scores weighted 1. */
public final class DefaultPlugins {
  private DefaultPlugins() {}

  public static SchedulingFramework framework(Random random) {
    return framework(random, 0);
  }

  /** percentageOfNodesToScore as {@link SchedulingFramework}'s: 0 for upstream's adaptive share. */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore) {
    return new SchedulingFramework(filters(List.of()), scorers(), random, percentageOfNodesToScore);
  }

  public static SchedulingFramework framework(Random random, VolumeBinding volumes) {
    return framework(random, 0, volumes);
  }

  /** The default profile with VolumeBinding last among the filters (as upstream) and as the PreBind step. */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, VolumeBinding volumes) {
    return framework(random, percentageOfNodesToScore, Parallelizer.defaultParallelism(), volumes);
  }

  /** The same with PARALLELISM threads filtering and scoring each cycle's nodes. */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, int parallelism,
      VolumeBinding volumes) {
    return new SchedulingFramework(filters(List.of(volumes)), scorers(), random, percentageOfNodesToScore,
        List.of(volumes), parallelism);
  }

  /** The profile without VolumeBinding, on PARALLELISM threads (tests compare 1 with more). */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, int parallelism) {
    return new SchedulingFramework(filters(List.of()), scorers(), random, percentageOfNodesToScore, List.of(),
        parallelism);
  }

  private static List<FilterPlugin> filters(List<FilterPlugin> last) {
    List<FilterPlugin> filters = new ArrayList<>(List.of(new NodeReady(), new NodeUnschedulable(),
        new TaintToleration(), new NodeSelectorAndAffinity(), new NodePorts(), new NodeResourcesFit()));
    filters.addAll(last);
    return filters;
  }

  private static List<WeightedScorer> scorers() {
    return List.of(new WeightedScorer(new LeastAllocated(), 1), new WeightedScorer(new SelectorSpread(), 1));
  }
}
