package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One scheduling profile: filters in order (a node fails at its first failing filter, as upstream),
 * then the weighted sum of normalized scores over the feasible nodes, then the best node, ties broken
 * at random (upstream's selectHost samples among equal scores the same way).
 *
 * <p>In a large cluster the filters stop once enough feasible nodes are found, as upstream's
 * percentageOfNodesToScore: each cycle starts where the last one stopped, so every node gets its turn.
 * Filters and scores run over the nodes on a few threads ({@link Parallelizer}); plugins prepare what
 * a pod needs once per cycle ({@link FilterPlugin#preFilter}, {@link ScorePlugin#preScore}). Used by one
 * scheduling loop at a time.
 */
public final class SchedulingFramework implements AutoCloseable {
  /** Upstream's minFeasibleNodesToFind: smaller clusters are always searched whole. */
  public static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
  /** Upstream's minFeasibleNodesPercentageToFind, the floor of the adaptive percentage. */
  public static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

  private final List<FilterPlugin> filters;
  private final List<WeightedScorer> scorers;
  private final Random random;
  private final int percentageOfNodesToScore;
  private final List<PreBindPlugin> preBinds;
  private final Parallelizer parallelizer;
  private int nextStartNodeIndex;

  public SchedulingFramework(List<FilterPlugin> filters, List<WeightedScorer> scorers, Random random) {
    this(filters, scorers, random, 0);
  }

  public SchedulingFramework(List<FilterPlugin> filters, List<WeightedScorer> scorers, Random random,
      int percentageOfNodesToScore) {
    this(filters, scorers, random, percentageOfNodesToScore, List.of());
  }

  /**
   * percentageOfNodesToScore 1..100, or 0 for upstream's adaptive default (50% - nodes/125, at least 5%);
   * preBinds run by the binding cycle before the bind.
   */
  public SchedulingFramework(List<FilterPlugin> filters, List<WeightedScorer> scorers, Random random,
      int percentageOfNodesToScore, List<PreBindPlugin> preBinds) {
    this(filters, scorers, random, percentageOfNodesToScore, preBinds, Parallelizer.defaultParallelism());
  }

  /** With PARALLELISM threads filtering and scoring the nodes of one cycle (1: the calling thread alone). */
  public SchedulingFramework(List<FilterPlugin> filters, List<WeightedScorer> scorers, Random random,
      int percentageOfNodesToScore, List<PreBindPlugin> preBinds, int parallelism) {
    if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
      throw new IllegalArgumentException("percentageOfNodesToScore must be between 0 and 100");
    }
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
    this.random = random;
    this.percentageOfNodesToScore = percentageOfNodesToScore;
    this.preBinds = List.copyOf(preBinds);
    this.parallelizer = new Parallelizer(parallelism);
  }

  /** Stops the helper threads. */
  @Override
  public void close() {
    parallelizer.close();
  }

  /**
   * The PreBind plugins in order, each once the one before has completed; run by the binding cycle
   * before the bind. A plugin's failure (thrown or a failed future) fails the whole, naming the plugin.
   */
  public CompletableFuture<Void> preBind(Pod pod, String nodeName) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (PreBindPlugin p : preBinds) {
      chain = chain.thenCompose(done -> {
        CompletableFuture<Void> step;
        try {
          step = p.preBind(pod, nodeName);
        } catch (RuntimeException e) {
          step = CompletableFuture.failedFuture(e);
        }
        return step.handle((ok, e) -> {
          if (e != null) {
            throw new PreBindFailure(p.name(), e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
          }
          return ok;
        });
      });
    }
    return chain;
  }

  /** A PreBind plugin failed; the message names it as upstream's ("running PreBind plugin ..."). */
  public static final class PreBindFailure extends RuntimeException {
    public PreBindFailure(String plugin, Throwable cause) {
      super("running PreBind plugin \"" + plugin + "\": " + cause.getMessage(), cause);
    }
  }

  public List<FilterPlugin> filters() {
    return filters;
  }

  /**
   * One cycle for one pod over NODES (the snapshot, in its fixed order): PreFilter once, the filters over
   * the nodes in parallel from where the last cycle stopped until enough are feasible, then PreScore and
   * the scores over the feasible ones in parallel, and the best node. The parallel runs read their
   * results in node order, so the answer is the one a serial loop gives.
   */
  public ScheduleResult schedule(Pod pod, List<NodeInfo> nodes) {
    int all = nodes.size();
    if (all == 0) {
      nextStartNodeIndex = 0;
      return new ScheduleResult.Unschedulable(new FitError(0, Map.of()));
    }
    PodFilter[] checks = preFilter(pod, nodes);
    int toFind = numFeasibleNodesToFind(percentageOfNodesToScore, all);
    int start = nextStartNodeIndex % all;
    FilterResult[] results = new FilterResult[all];
    int evaluated = parallelizer.untilFound(all, toFind,
        i -> (results[i] = runFilters(checks, nodes.get((start + i) % all))).isSuccess());
    List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, all));
    int processed = 0;
    while (processed < evaluated && feasible.size() < toFind) {
      if (results[processed].isSuccess()) {
        feasible.add(nodes.get((start + processed) % all));
      }
      processed++;
    }
    nextStartNodeIndex = (start + processed) % all;
    if (feasible.isEmpty()) {
      Map<String, List<String>> rejected = new LinkedHashMap<>();
      Set<String> unresolvable = new HashSet<>();
      for (int i = 0; i < processed; i++) {
        String name = nodes.get((start + i) % all).name();
        rejected.put(name, results[i].reasons());
        if (results[i].unresolvable()) {
          unresolvable.add(name);
        }
      }
      return new ScheduleResult.Unschedulable(new FitError(all, rejected, unresolvable));
    }
    if (feasible.size() == 1) {
      return new ScheduleResult.Assigned(feasible.get(0).name(), 1);
    }
    return new ScheduleResult.Assigned(selectHost(totalScores(pod, feasible, nodes), feasible), feasible.size());
  }

  /**
   * How many feasible nodes are enough, as upstream's numFeasibleNodesToFind: every node below 100, else
   * the percentage of them (adaptive when 0: 50% less 1% per 125 nodes, at least 5%), at least 100.
   */
  public static int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes) {
    if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
      return numAllNodes;
    }
    int percentage = percentageOfNodesToScore;
    if (percentage == 0) {
      percentage = Math.max(50 - numAllNodes / 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    }
    return Math.max((int) ((long) numAllNodes * percentage / 100), MIN_FEASIBLE_NODES_TO_FIND);
  }

  /** Every filter's PreFilter over all the nodes, in order. */
  private PodFilter[] preFilter(Pod pod, List<NodeInfo> allNodes) {
    PodFilter[] checks = new PodFilter[filters.size()];
    for (int i = 0; i < checks.length; i++) {
      checks[i] = filters.get(i).preFilter(pod, allNodes);
    }
    return checks;
  }

  /** The first failing filter's verdict, or success, in a cycle that sees only this node. */
  public FilterResult runFilters(Pod pod, NodeInfo node) {
    return runFilters(preFilter(pod, List.of(node)), node);
  }

  /** The first failing filter's verdict on NODE, or success, in a cycle over ALL_NODES (NODE among them). */
  public FilterResult runFilters(Pod pod, NodeInfo node, List<NodeInfo> allNodes) {
    return runFilters(preFilter(pod, allNodes), node);
  }

  private static FilterResult runFilters(PodFilter[] checks, NodeInfo node) {
    for (PodFilter check : checks) {
      FilterResult result = check.filter(node);
      if (!result.isSuccess()) {
        return result;
      }
    }
    return FilterResult.SUCCESS;
  }

  /** Every feasible node's weighted sum of normalized plugin scores, in the order given, as if no others existed. */
  public long[] totalScores(Pod pod, List<NodeInfo> feasible) {
    return totalScores(pod, feasible, feasible);
  }

  /**
   * Every feasible node's weighted sum of normalized plugin scores (each plugin's PreScore first, then
   * the nodes in parallel), in the order given.
   */
  public long[] totalScores(Pod pod, List<NodeInfo> feasible, List<NodeInfo> allNodes) {
    PodScorer[] scorersForPod = new PodScorer[scorers.size()];
    for (int s = 0; s < scorersForPod.length; s++) {
      scorersForPod[s] = scorers.get(s).plugin().preScore(pod, feasible, allNodes);
    }
    long[][] raw = new long[scorersForPod.length][feasible.size()];
    parallelizer.forEach(feasible.size(), i -> {
      NodeInfo node = feasible.get(i);
      for (int s = 0; s < scorersForPod.length; s++) {
        raw[s][i] = scorersForPod[s].score(node);
      }
    });
    long[] total = new long[feasible.size()];
    for (int s = 0; s < raw.length; s++) {
      WeightedScorer scorer = scorers.get(s);
      scorer.plugin().normalize(pod, raw[s]);
      for (int i = 0; i < total.length; i++) {
        total[i] += raw[s][i] * scorer.weight();
      }
    }
    return total;
  }

  /** The highest total; among equals, each has the same chance (reservoir sampling). */
  private String selectHost(long[] scores, List<NodeInfo> feasible) {
    int best = 0;
    int ties = 1;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
        ties = 1;
      } else if (scores[i] == scores[best]) {
        ties++;
        if (random.nextInt(ties) == 0) {
          best = i;
        }
      }
    }
    return feasible.get(best).name();
  }
}
