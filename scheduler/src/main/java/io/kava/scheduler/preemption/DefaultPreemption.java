package io.kava.scheduler.preemption;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.framework.FitError;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.SchedulingFramework;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's DefaultPreemption PostFilter, without side effects: for a pod no node fits, the node where
 * removing pods of lower priority lets it fit, and the fewest and least important pods to remove there.
 * On each node whose rejection preemption might resolve, every lower-priority pod is removed and the
 * filters run again; then as many as possible are given back (reprieved), those a PodDisruptionBudget
 * protects first, each in order of importance, keeping those the pod still fits beside
 * (upstream's SelectVictimsOnNode). {@link CandidateOrder} picks among the nodes.
 */
public final class DefaultPreemption {
  /** Upstream's messages for the nodes where preemption found nothing. */
  public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";

  private final SchedulingFramework framework;

  public DefaultPreemption(SchedulingFramework framework) {
    this.framework = framework;
  }

  /**
   * Upstream's PodEligibleToPreemptOthers: not with preemptionPolicy Never, and not while a pod of lower
   * priority is still terminating on the node the pod was already nominated to (its room is coming).
   */
  public static boolean eligible(Pod pod, List<NodeInfo> nodes) {
    if (pod.getSpec().getPreemptionPolicy().equals("Never")) {
      return false;
    }
    String nominated = pod.getStatus().getNominatedNodeName();
    if (nominated.isEmpty()) {
      return true;
    }
    int priority = PodImportance.priority(pod);
    for (NodeInfo node : nodes) {
      if (node.name().equals(nominated)) {
        return node.pods().stream().noneMatch(p -> !p.getMetadata().getDeletionTimestamp().isEmpty() && PodImportance.priority(p) < priority);
      }
    }
    return true;
  }

  /** Every node where preemption lets the pod fit, with its victims, in node order. */
  public List<Victims> candidates(Pod pod, List<NodeInfo> nodes, FitError error, DisruptionBudgets budgets) {
    List<Victims> candidates = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (!error.unresolvable().contains(nodes.get(i).name())) {
        selectVictimsOnNode(pod, nodes, i, budgets).ifPresent(candidates::add);
      }
    }
    return candidates;
  }

  /** The best candidate, or empty when preemption cannot help anywhere. */
  public Optional<Victims> findCandidate(Pod pod, List<NodeInfo> nodes, FitError error, DisruptionBudgets budgets) {
    return CandidateOrder.pick(candidates(pod, nodes, error, budgets));
  }

  /** The PostFilter's part of the message: "preemption: 0/3 nodes are available: ...". */
  public static String noCandidateMessage(FitError error) {
    int total = error.numAllNodes();
    int unhelpful = 0;
    for (String node : error.reasonsByNode().keySet()) {
      if (error.unresolvable().contains(node)) {
        unhelpful++;
      }
    }
    int noVictims = total - unhelpful;
    StringBuilder m = new StringBuilder("preemption: 0/").append(total).append(" nodes are available:");
    String sep = " ";
    if (noVictims > 0) {
      m.append(sep).append(noVictims).append(' ').append(NO_VICTIMS);
      sep = ", ";
    }
    if (unhelpful > 0) {
      m.append(sep).append(unhelpful).append(' ').append(NOT_HELPFUL);
    }
    return m.append('.').toString();
  }

  /** The victims on NODES[index], or empty when removing every lower-priority pod does not make room. */
  Optional<Victims> selectVictimsOnNode(Pod pod, List<NodeInfo> nodes, int index, DisruptionBudgets budgets) {
    NodeInfo node = nodes.get(index);
    int priority = PodImportance.priority(pod);
    List<Pod> remaining = new ArrayList<>();
    List<Pod> potential = new ArrayList<>();
    for (Pod p : node.pods()) {
      (PodImportance.priority(p) < priority ? potential : remaining).add(p);
    }
    if (potential.isEmpty() || !fits(pod, remaining, nodes, index)) {
      return Optional.empty();
    }
    potential.sort(PodImportance.MORE_IMPORTANT_FIRST);
    DisruptionBudgets.Split split = budgets.split(potential);
    List<Pod> victims = new ArrayList<>();
    int violations = 0;
    for (Pod p : split.violating()) {
      if (!reprieve(pod, p, remaining, nodes, index)) {
        victims.add(p);
        violations++;
      }
    }
    for (Pod p : split.nonViolating()) {
      if (!reprieve(pod, p, remaining, nodes, index)) {
        victims.add(p);
      }
    }
    victims.sort(PodImportance.MORE_IMPORTANT_FIRST);
    return Optional.of(new Victims(node.name(), victims, violations));
  }

  /** Gives VICTIM back to the node if the pod still fits beside it. */
  private boolean reprieve(Pod pod, Pod victim, List<Pod> remaining, List<NodeInfo> nodes, int index) {
    remaining.add(victim);
    if (fits(pod, remaining, nodes, index)) {
      return true;
    }
    remaining.remove(remaining.size() - 1);
    return false;
  }

  /** Whether the pod passes every filter on NODES[index] holding only PODS, the other nodes as they are. */
  private boolean fits(Pod pod, List<Pod> pods, List<NodeInfo> nodes, int index) {
    NodeInfo trial = NodeInfo.of(nodes.get(index).node(), pods);
    List<NodeInfo> all = new ArrayList<>(nodes);
    all.set(index, trial);
    return framework.runFilters(pod, trial, all).isSuccess();
  }
}
