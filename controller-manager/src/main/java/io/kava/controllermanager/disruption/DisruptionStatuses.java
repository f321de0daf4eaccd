package io.kava.controllermanager.disruption;

import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.client.Times;
import io.kava.client.policy.DisruptionBudgets;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A budget's status from the pods it covers, as upstream's disruption controller trySync computes it
 * (getExpectedPodCount, buildDisruptedPodMap, countHealthyPods, updatePdbStatus). Pure: no I/O.
 */
final class DisruptionStatuses {
  private DisruptionStatuses() {}

  /**
   * The computed status, when to look again (the earliest disruptedPods entry running out, or null),
   * the pods no controller owns, and the pods whose disruptedPods entry ran out unconfirmed.
   */
  record Computed(PodDisruptionBudgetStatus status, Instant recheckAt, List<String> unmanaged, List<String> notDeleted) {}

  /** Throws IllegalStateException when a pod names a controller that cannot be found (upstream's sync error). */
  static Computed calculate(PodDisruptionBudget pdb, List<Pod> pods, ScaleFinder finder, Instant now) {
    List<String> unmanaged = new ArrayList<>();
    int expected;
    int desired;
    PodDisruptionBudgetSpec spec = pdb.getSpec();
    if (spec.hasMaxUnavailable()) {
      expected = expectedScale(pods, finder, unmanaged);
      desired = Math.max(0, expected - scaled(spec.getMaxUnavailable(), expected));
    } else if (spec.hasMinAvailable() && !spec.getMinAvailable().hasStrVal()) {
      desired = spec.getMinAvailable().getIntVal();
      expected = pods.size();
    } else if (spec.hasMinAvailable()) {
      expected = expectedScale(pods, finder, unmanaged);
      desired = scaled(spec.getMinAvailable(), expected);
    } else {
      expected = 0;
      desired = 0;
    }

    Map<String, String> disrupted = new LinkedHashMap<>();
    List<String> notDeleted = new ArrayList<>();
    Instant recheckAt = null;
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      String since = pdb.getStatus().getDisruptedPodsMap().get(name);
      if (since == null || !pod.getMetadata().getDeletionTimestamp().isEmpty()) {
        continue;
      }
      Instant disruptedAt = Times.parse(since);
      Instant expectedDeletion = disruptedAt == null ? now : disruptedAt.plus(DisruptionBudgets.DELETION_TIMEOUT);
      if (expectedDeletion.isBefore(now)) {
        notDeleted.add(name);
      } else {
        disrupted.put(name, since);
        if (recheckAt == null || expectedDeletion.isBefore(recheckAt)) {
          recheckAt = expectedDeletion;
        }
      }
    }

    int healthy = 0;
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp().isEmpty() && !disrupted.containsKey(pod.getMetadata().getName())
          && DisruptionBudgets.isReady(pod)) {
        healthy++;
      }
    }
    // No expected pods means the budget has not seen its pods yet: allow nothing until it has.
    int allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
    PodDisruptionBudgetStatus status = pdb.getStatus().toBuilder()
        .setCurrentHealthy(healthy)
        .setDesiredHealthy(desired)
        .setExpectedPods(expected)
        .setDisruptionsAllowed(allowed)
        .clearDisruptedPods().putAllDisruptedPods(disrupted)
        .setObservedGeneration(pdb.getMetadata().getGeneration())
        .build();
    return new Computed(status, recheckAt, unmanaged, notDeleted);
  }

  /** Whether the stored status must be rewritten (upstream skips the write when nothing moved). */
  static boolean needsWrite(PodDisruptionBudget pdb, PodDisruptionBudgetStatus computed) {
    PodDisruptionBudgetStatus stored = pdb.getStatus();
    boolean same = stored.getCurrentHealthy() == computed.getCurrentHealthy()
        && stored.getDesiredHealthy() == computed.getDesiredHealthy()
        && stored.getExpectedPods() == computed.getExpectedPods()
        && stored.getDisruptionsAllowed() == computed.getDisruptionsAllowed()
        && stored.getDisruptedPodsMap().equals(computed.getDisruptedPodsMap())
        && stored.getObservedGeneration() == pdb.getMetadata().getGeneration()
        && DisruptionBudgets.conditionsAreUpToDate(pdb);
    return !same;
  }

  /**
   * Upstream getExpectedScale: the sum of the scales of the controllers of the pods (each counted
   * once); unmanaged pods are collected, a controller that cannot be found fails the sync.
   */
  static int expectedScale(List<Pod> pods, ScaleFinder finder, List<String> unmanaged) {
    Map<String, Integer> scales = new LinkedHashMap<>();
    for (Pod pod : pods) {
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isEmpty()) {
        unmanaged.add(pod.getMetadata().getName());
        continue;
      }
      if (scales.containsKey(ref.get().getUid())) {
        continue;
      }
      ScaleFinder.Scale scale = finder.find(ref.get(), pod.getMetadata().getNamespace())
          .orElseThrow(() -> new IllegalStateException("found no controllers for pod \"" + pod.getMetadata().getName() + "\""));
      scales.put(scale.uid(), scale.replicas());
    }
    return scales.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Upstream GetScaledValueFromIntOrPercent with roundUp: "50%" of 3 is 2. */
  static int scaled(IntOrString value, int total) {
    if (!value.hasStrVal()) {
      return value.getIntVal();
    }
    String s = value.getStrVal();
    if (!s.endsWith("%")) {
      throw new IllegalStateException("invalid value for IntOrString: invalid type: string is not a percentage");
    }
    int percent;
    try {
      percent = Integer.parseInt(s.substring(0, s.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("invalid value \"" + s + "\": " + e.getMessage());
    }
    return (int) Math.ceil(percent * (double) total / 100.0);
  }
}
