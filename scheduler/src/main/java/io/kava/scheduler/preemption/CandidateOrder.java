package io.kava.scheduler.preemption;

import io.kava.api.core.v1.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's pickOneNodeForPreemption: among the nodes where preemption helps, the one with the fewest
 * PodDisruptionBudget violations, then the lowest highest-victim priority, then the lowest sum of victim
 * priorities, then the fewest victims, then the latest start among its highest-priority victims (they
 * have run the shortest); the first in node order after that.
 */
public final class CandidateOrder {
  private CandidateOrder() {}

  /** Upstream adds MaxInt32 + 1 to every priority so negative priorities still add up to more victims. */
  private static long prioritySum(Victims v) {
    long sum = 0;
    for (Pod p : v.pods()) {
      sum += (long) PodImportance.priority(p) + Integer.MAX_VALUE + 1;
    }
    return sum;
  }

  private static int highestPriority(Victims v) {
    return v.pods().isEmpty() ? Integer.MIN_VALUE : PodImportance.priority(v.pods().get(0));
  }

  /** The earliest start among the victims of the highest priority (upstream's GetEarliestPodStartTime). */
  private static Instant earliestStartOfHighest(Victims v) {
    int highest = highestPriority(v);
    return v.pods().stream().filter(p -> PodImportance.priority(p) == highest).map(PodImportance::startTime)
        .min(Comparator.naturalOrder()).orElse(Instant.MAX);
  }

  public static final Comparator<Victims> BEST_FIRST = Comparator.comparingInt(Victims::pdbViolations)
      .thenComparingInt(CandidateOrder::highestPriority)
      .thenComparingLong(CandidateOrder::prioritySum)
      .thenComparingInt(v -> v.pods().size())
      .thenComparing(CandidateOrder::earliestStartOfHighest, Comparator.reverseOrder());

  /** The best candidate; among equals the first (the list is in node order). */
  public static Optional<Victims> pick(List<Victims> candidates) {
    Victims best = null;
    for (Victims c : candidates) {
      if (best == null || BEST_FIRST.compare(c, best) < 0) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }
}
