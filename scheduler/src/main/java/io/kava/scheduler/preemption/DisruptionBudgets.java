package io.kava.scheduler.preemption;

import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's filterPodsWithPDBViolation: walks the candidate victims in order and spends each matching
 * budget's disruptionsAllowed; a pod whose removal takes some budget below zero violates it. A budget
 * without a selector, or with an empty one, protects nothing here (as upstream's preemption); a pod the
 * budget already counts as disrupted spends nothing.
 */
public final class DisruptionBudgets {
  private final List<PodDisruptionBudget> budgets;

  public DisruptionBudgets(List<PodDisruptionBudget> budgets) {
    this.budgets = List.copyOf(budgets);
  }

  /** The pods split into those whose removal violates a budget and the others, each in the order given. */
  public Split split(List<Pod> pods) {
    int[] allowed = new int[budgets.size()];
    Selector[] selectors = new Selector[budgets.size()];
    for (int i = 0; i < allowed.length; i++) {
      allowed[i] = budgets.get(i).getStatus().getDisruptionsAllowed();
      LabelSelector s = budgets.get(i).getSpec().getSelector();
      boolean empty = !budgets.get(i).getSpec().hasSelector()
          || (s.getMatchLabelsCount() == 0 && s.getMatchExpressionsCount() == 0);
      selectors[i] = empty ? Selector.nothing() : LabelSelectors.fromProto(s);
    }
    List<Pod> violating = new ArrayList<>();
    List<Pod> nonViolating = new ArrayList<>();
    for (Pod pod : pods) {
      boolean violates = false;
      for (int i = 0; i < allowed.length; i++) {
        PodDisruptionBudget pdb = budgets.get(i);
        if (!pdb.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
            || !selectors[i].matches(pod.getMetadata().getLabelsMap())
            || pdb.getStatus().containsDisruptedPods(pod.getMetadata().getName())) {
          continue;
        }
        allowed[i]--;
        if (allowed[i] < 0) {
          violates = true;
        }
      }
      (violates ? violating : nonViolating).add(pod);
    }
    return new Split(violating, nonViolating);
  }

  public record Split(List<Pod> violating, List<Pod> nonViolating) {}
}
