package io.kava.apiserver.eviction;

import io.grpc.Status;
import io.kava.api.core.v1.Pod;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.api.v1.StatusCause;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.validation.PolicyValidation;
import io.kava.client.Kinds;
import io.kava.client.Times;
import io.kava.client.policy.DisruptionBudgets;
import java.time.Instant;
import java.util.List;

/**
 * Whether a pod may be evicted, as upstream's EvictionREST.Create decides it, without any I/O: pods
 * that already cause no disruption go at once, an unhealthy pod may go without touching the budget
 * when the budget's policy allows it, and otherwise the one budget covering the pod must allow a
 * disruption, which {@link #decrement} takes.
 */
public final class EvictionAdmission {
  /** Upstream MaxDisruptedPodSize: evictions the controller has not confirmed yet. */
  static final int MAX_DISRUPTED_POD_SIZE = 2000;
  public static final String VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
  static final String MULTIPLE_BUDGETS =
      "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

  private EvictionAdmission() {}

  /** What to do with an eviction before any budget is written. */
  public enum Verdict {
    /** Delete as asked; no budget is involved (terminal, pending or terminating pod, or no budget covers it). */
    DELETE,
    /** Delete only if the pod has not changed since it was read (upstream sets a resourceVersion precondition). */
    DELETE_UNHEALTHY,
    /** Take one disruption from the budget first. */
    DECREMENT
  }

  /** Upstream canIgnorePDB: a terminal, pending or terminating pod disrupts nothing more by going. */
  public static boolean canIgnoreBudget(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
        || !pod.getMetadata().getDeletionTimestamp().isEmpty();
  }

  /** The budgets in the pod's namespace covering it. */
  public static List<PodDisruptionBudget> budgetsOf(Pod pod, List<PodDisruptionBudget> inNamespace) {
    return inNamespace.stream()
        .filter(pdb -> pdb.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()))
        .filter(pdb -> DisruptionBudgets.selects(pdb, pod.getMetadata().getLabelsMap()))
        .toList();
  }

  /** The verdict for a pod covered by {@code budgets}; throws the error upstream returns for more than one. */
  public static Verdict verdict(Pod pod, List<PodDisruptionBudget> budgets) {
    if (canIgnoreBudget(pod) || budgets.isEmpty()) {
      return Verdict.DELETE;
    }
    if (budgets.size() > 1) {
      throw ApiError.internal(MULTIPLE_BUDGETS);
    }
    PodDisruptionBudget pdb = budgets.get(0);
    if (!DisruptionBudgets.isReady(pod)) {
      // An unready pod does not count towards currentHealthy: its going costs the budget nothing.
      boolean alwaysAllow = PolicyValidation.ALWAYS_ALLOW.equals(pdb.getSpec().getUnhealthyPodEvictionPolicy());
      PodDisruptionBudgetStatus s = pdb.getStatus();
      if (alwaysAllow || (s.getCurrentHealthy() >= s.getDesiredHealthy() && s.getDesiredHealthy() > 0)) {
        return Verdict.DELETE_UNHEALTHY;
      }
    }
    return Verdict.DECREMENT;
  }

  /**
   * Upstream checkAndDecrement: the budget with one disruption fewer and the pod recorded in
   * disruptedPods, or the error that refuses the eviction (RESOURCE_EXHAUSTED, reason TooManyRequests).
   */
  public static PodDisruptionBudget decrement(PodDisruptionBudget pdb, String podName, Instant now) {
    String name = pdb.getMetadata().getName();
    PodDisruptionBudgetStatus status = pdb.getStatus();
    if (status.getObservedGeneration() < pdb.getMetadata().getGeneration()) {
      throw tooManyRequests("The disruption budget " + name + " is still being processed by the server.");
    }
    if (status.getDisruptionsAllowed() < 0) {
      throw ApiError.forbidden(Kinds.POD_DISRUPTION_BUDGET, name, "pdb disruptions allowed is negative");
    }
    if (status.getDisruptedPodsCount() > MAX_DISRUPTED_POD_SIZE) {
      throw ApiError.forbidden(Kinds.POD_DISRUPTION_BUDGET, name,
          "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
    }
    if (status.getDisruptionsAllowed() == 0) {
      throw tooManyRequests("The disruption budget " + name + " needs " + status.getDesiredHealthy()
          + " healthy pods and has " + status.getCurrentHealthy() + " currently");
    }
    PodDisruptionBudgetStatus.Builder next = status.toBuilder()
        .setDisruptionsAllowed(status.getDisruptionsAllowed() - 1)
        .putDisruptedPods(podName, Times.format(now));
    PodDisruptionBudgetStatus decremented = next.build();
    if (decremented.getDisruptionsAllowed() == 0) {
      decremented = DisruptionBudgets.withDisruptionAllowedCondition(decremented, now);
    }
    return pdb.toBuilder().setStatus(decremented).build();
  }

  static ApiError tooManyRequests(String cause) {
    return new ApiError(Status.Code.RESOURCE_EXHAUSTED, "TooManyRequests", VIOLATES_BUDGET,
        List.of(StatusCause.newBuilder().setReason(DisruptionBudgets.DISRUPTION_BUDGET_CAUSE).setMessage(cause).build()),
        "", "");
  }
}
