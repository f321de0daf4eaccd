package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One scheduling profile: filters in order (a node fails at its first failing filter, as upstream),
 * then the weighted sum of normalized scores over the feasible nodes, then the best node, ties broken
 * at random (upstream's selectHost samples among equal scores the same way).
 */
public final class SchedulingFramework {
  private final List<FilterPlugin> filters;
  private final List<WeightedScorer> scorers;
  private final Random random;
  private final List<PreBindPlugin> preBinds;

  public SchedulingFramework(List<FilterPlugin> filters, List<WeightedScorer> scorers, Random random) {
    this(filters, scorers, random, List.of());
  }

  public SchedulingFramework(List<FilterPlugin> filters, List<WeightedScorer> scorers, Random random,
      List<PreBindPlugin> preBinds) {
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
    this.random = random;
    this.preBinds = List.copyOf(preBinds);
  }

  /** The PreBind plugins in order, run by the binding cycle before the bind. */
  public void preBind(Pod pod, String nodeName) {
    for (PreBindPlugin p : preBinds) {
      p.preBind(pod, nodeName);
    }
  }

  public List<FilterPlugin> filters() {
    return filters;
  }

  public ScheduleResult schedule(Pod pod, List<NodeInfo> nodes) {
    List<NodeInfo> feasible = new ArrayList<>();
    Map<String, List<String>> rejected = new LinkedHashMap<>();
    for (NodeInfo node : nodes) {
      FilterResult result = runFilters(pod, node);
      if (result.isSuccess()) {
        feasible.add(node);
      } else {
        rejected.put(node.name(), result.reasons());
      }
    }
    if (feasible.isEmpty()) {
      return new ScheduleResult.Unschedulable(new FitError(nodes.size(), rejected));
    }
    if (feasible.size() == 1) {
      return new ScheduleResult.Assigned(feasible.get(0).name(), 1);
    }
    return new ScheduleResult.Assigned(selectHost(totalScores(pod, feasible), feasible), feasible.size());
  }

  /** The first failing filter's verdict, or success. */
  public FilterResult runFilters(Pod pod, NodeInfo node) {
    for (FilterPlugin filter : filters) {
      FilterResult result = filter.filter(pod, node);
      if (!result.isSuccess()) {
        return result;
      }
    }
    return FilterResult.SUCCESS;
  }

  /** Every feasible node's weighted sum of normalized plugin scores, in the order given. */
  public long[] totalScores(Pod pod, List<NodeInfo> feasible) {
    long[] total = new long[feasible.size()];
    for (WeightedScorer scorer : scorers) {
      long[] scores = new long[feasible.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = scorer.plugin().score(pod, feasible.get(i));
      }
      scorer.plugin().normalize(pod, scores);
      for (int i = 0; i < scores.length; i++) {
        total[i] += scores[i] * scorer.weight();
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
