package io.kava.scheduler.preemption;

import io.kava.api.core.v1.Pod;
import java.util.List;

/**
 * The pods to remove from one node so the preemptor fits there, most important first, and how many of
 * them a PodDisruptionBudget would rather keep (upstream's extenderv1.Victims).
 */
public record Victims(String nodeName, List<Pod> pods, int pdbViolations) {
  public Victims {
    pods = List.copyOf(pods);
  }
}
