package io.kava.scheduler.plugins;

import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.Parallelizer;
import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.framework.WeightedScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The default profile: filters in upstream's order (readiness first, pod topology spread and inter-pod
 * affinity last), scores weighted as upstream's defaults (resources 1; node affinity, topology spread
 * and inter-pod affinity 2).
 */
public final class DefaultPlugins {
  private DefaultPlugins() {}

  /** What the placement plugins read besides the nodes: namespaces' labels and the pods' owners. */
  public record Lookups(NamespaceLabels namespaces, DefaultSpreadSelector spreadSelector) {
    /** Nothing known: namespaceSelectors pick no namespace, no pod gets default spreading. */
    public static final Lookups NONE = new Lookups(NamespaceLabels.of(List.of()), DefaultSpreadSelector.NONE);
  }

  public static SchedulingFramework framework(Random random) {
    return framework(random, 0);
  }

  /** percentageOfNodesToScore as {@link SchedulingFramework}'s: 0 for upstream's adaptive share. */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore) {
    return framework(random, percentageOfNodesToScore, Lookups.NONE);
  }

  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, Lookups lookups) {
    return new SchedulingFramework(filters(List.of(), lookups), scorers(lookups), random, percentageOfNodesToScore);
  }

  public static SchedulingFramework framework(Random random, VolumeBinding volumes) {
    return framework(random, 0, volumes, Lookups.NONE);
  }

  /** The default profile with VolumeBinding after the resource filters (as upstream) and as the PreBind step. */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, VolumeBinding volumes,
      Lookups lookups) {
    return framework(random, percentageOfNodesToScore, Parallelizer.defaultParallelism(), volumes, lookups);
  }

  /** The same with PARALLELISM threads filtering and scoring each cycle's nodes. */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, int parallelism,
      VolumeBinding volumes, Lookups lookups) {
    return new SchedulingFramework(filters(List.of(volumes), lookups), scorers(lookups), random,
        percentageOfNodesToScore, List.of(volumes), parallelism);
  }

  /** The profile without VolumeBinding and lookups, on PARALLELISM threads (tests compare 1 with more). */
  public static SchedulingFramework framework(Random random, int percentageOfNodesToScore, int parallelism) {
    return new SchedulingFramework(filters(List.of(), Lookups.NONE), scorers(Lookups.NONE), random,
        percentageOfNodesToScore, List.of(), parallelism);
  }

  private static List<FilterPlugin> filters(List<FilterPlugin> volumes, Lookups lookups) {
    List<FilterPlugin> filters = new ArrayList<>(List.of(new NodeReady(), new NodeUnschedulable(),
        new TaintToleration(), new NodeSelectorAndAffinity(), new NodePorts(), new NodeResourcesFit()));
    filters.addAll(volumes);
    filters.add(new PodTopologySpread(lookups.spreadSelector()));
    filters.add(new InterPodAffinity(lookups.namespaces()));
    return filters;
  }

  private static List<WeightedScorer> scorers(Lookups lookups) {
    return List.of(new WeightedScorer(new LeastAllocated(), 1),
        new WeightedScorer(new NodeSelectorAndAffinity(), 2),
        new WeightedScorer(new PodTopologySpread(lookups.spreadSelector()), 2),
        new WeightedScorer(new InterPodAffinity(lookups.namespaces()), 2));
  }
}
