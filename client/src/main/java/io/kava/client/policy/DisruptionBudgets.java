package io.kava.client.policy;

import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.Condition;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.client.Times;
import io.kava.client.selector.LabelSelectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the eviction subresource (API server) and the disruption controller agree on about a
 * PodDisruptionBudget: which pods it covers, when a pod counts as healthy, and its DisruptionAllowed
 * condition (upstream pkg/apis/policy and pkg/util/pdb).
 */
public final class DisruptionBudgets {
  public static final String DISRUPTION_ALLOWED = "DisruptionAllowed";
  public static final String SUFFICIENT_PODS = "SufficientPods";
  public static final String INSUFFICIENT_PODS = "InsufficientPods";
  public static final String SYNC_FAILED = "SyncFailed";
  /** The StatusCause type of a refused eviction. */
  public static final String DISRUPTION_BUDGET_CAUSE = "DisruptionBudget";
  /** How long a pod the eviction let go stays in disruptedPods before the controller gives up on it. */
  public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

  private DisruptionBudgets() {}

  /**
   * Whether the budget covers a pod with these labels. As upstream's policy/v1 (LabelSelectorAsSelector):
   * no selector covers nothing, an empty selector ({}) covers every pod of the namespace, and a broken
   * one nothing.
   */
  public static boolean selects(PodDisruptionBudget pdb, Map<String, String> labels) {
    if (!pdb.getSpec().hasSelector()) {
      return false;
    }
    LabelSelector selector = pdb.getSpec().getSelector();
    try {
      return LabelSelectors.fromProto(selector).matches(labels);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Upstream IsPodReady, the budget's notion of healthy. */
  public static boolean isReady(Pod pod) {
    return pod.getStatus().getConditionsList().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Upstream UpdateDisruptionAllowedCondition: True/SufficientPods while disruptions are allowed, else False/InsufficientPods. */
  public static PodDisruptionBudgetStatus withDisruptionAllowedCondition(PodDisruptionBudgetStatus status, Instant now) {
    boolean allowed = status.getDisruptionsAllowed() > 0;
    return setCondition(status, allowed ? "True" : "False", allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS, "", now);
  }

  /** Upstream apimeta.SetStatusCondition for the DisruptionAllowed condition: the transition time moves with the status. */
  public static PodDisruptionBudgetStatus setCondition(PodDisruptionBudgetStatus status, String value, String reason,
      String message, Instant now) {
    List<Condition> conditions = new ArrayList<>();
    Condition old = null;
    for (Condition c : status.getConditionsList()) {
      if (DISRUPTION_ALLOWED.equals(c.getType())) {
        old = c;
      } else {
        conditions.add(c);
      }
    }
    String transition = old != null && old.getStatus().equals(value) && !old.getLastTransitionTime().isEmpty()
        ? old.getLastTransitionTime() : Times.format(now);
    Condition updated = Condition.newBuilder().setType(DISRUPTION_ALLOWED).setStatus(value).setReason(reason)
        .setMessage(message).setObservedGeneration(status.getObservedGeneration()).setLastTransitionTime(transition).build();
    int at = old == null ? conditions.size() : status.getConditionsList().indexOf(old);
    conditions.add(Math.min(at, conditions.size()), updated);
    return status.toBuilder().clearConditions().addAllConditions(conditions).build();
  }

  /** Upstream ConditionsAreUpToDate: the condition exists, is of this generation and agrees with disruptionsAllowed. */
  public static boolean conditionsAreUpToDate(PodDisruptionBudget pdb) {
    PodDisruptionBudgetStatus status = pdb.getStatus();
    if (status.getObservedGeneration() != pdb.getMetadata().getGeneration()) {
      return false;
    }
    return status.getConditionsList().stream().filter(c -> DISRUPTION_ALLOWED.equals(c.getType())).findFirst()
        .map(c -> status.getDisruptionsAllowed() > 0
            ? "True".equals(c.getStatus()) && SUFFICIENT_PODS.equals(c.getReason())
            : "False".equals(c.getStatus()) && INSUFFICIENT_PODS.equals(c.getReason()))
        .orElse(false);
  }
}
