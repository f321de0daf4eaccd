package io.kava.scheduler.preemption;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.scheduler.framework.FitError;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.ScheduleResult;
import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.plugins.DefaultPlugins;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {
  private final SchedulingFramework framework = DefaultPlugins.framework(new Random(1), 0, 1);
  private final DefaultPreemption preemption = new DefaultPreemption(framework);
  private static final DisruptionBudgets NO_BUDGETS = new DisruptionBudgets(List.of());

  private static Pod prio(Pod pod, int priority) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setPriority(priority)).build();
  }

  private static Pod running(String name, String cpu, int priority, String node, String startTime) {
    Pod p = boundTo(prio(pod(name, cpu, null), priority), node);
    return p.toBuilder().setStatus(p.getStatus().toBuilder().setPhase("Running").setStartTime(startTime)).build();
  }

  private static Pod withLabel(Pod pod, String key, String value) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().putLabels(key, value)).build();
  }

  private FitError fitError(Pod pod, List<NodeInfo> nodes) {
    ScheduleResult result = framework.schedule(pod, nodes);
    assertThat(result).isInstanceOf(ScheduleResult.Unschedulable.class);
    return ((ScheduleResult.Unschedulable) result).error();
  }

  private Optional<Victims> candidate(Pod pod, List<NodeInfo> nodes, DisruptionBudgets budgets) {
    return preemption.findCandidate(pod, nodes, fitError(pod, nodes), budgets);
  }

  private static List<String> names(Victims v) {
    return v.pods().stream().map(p -> p.getMetadata().getName()).toList();
  }

  @Test
  void onlyAsManyLowerPriorityPodsAsNeededAreVictimsTheMostImportantReprieved() {
    // 4 cpus full with 4 pods of 1 cpu; the preemptor needs 2: the two least important go.
    NodeInfo a = info(node("a", "4", "8Gi", 110),
        running("p100", "1", 100, "a", "2026-01-01T00:00:00Z"),
        running("p50", "1", 50, "a", "2026-01-01T00:00:00Z"),
        running("p10-old", "1", 10, "a", "2026-01-01T00:00:00Z"),
        running("p10-new", "1", 10, "a", "2026-01-01T00:05:00Z"));
    Victims v = candidate(prio(pod("high", "2", null), 1000), List.of(a), NO_BUDGETS).orElseThrow();
    assertThat(v.nodeName()).isEqualTo("a");
    // Reprieve goes from the most important: p100 and p50 stay; of the two 10s the older one is reprieved
    // first and fails too, since by then only 1 cpu is free beside p100 and p50.
    assertThat(names(v)).containsExactly("p10-old", "p10-new");
    assertThat(v.pdbViolations()).isZero();
  }

  @Test
  void podsOfEqualOrHigherPriorityAreNeverVictims() {
    NodeInfo a = info(node("a", "2", "8Gi", 110), running("same", "2", 500, "a", "2026-01-01T00:00:00Z"));
    Pod preemptor = prio(pod("p", "1", null), 500);
    List<NodeInfo> nodes = List.of(a);
    assertThat(candidate(preemptor, nodes, NO_BUDGETS)).isEmpty();
    assertThat(DefaultPreemption.noCandidateMessage(fitError(preemptor, nodes)))
        .isEqualTo("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  }

  @Test
  void nodesRejectedForAReasonPreemptionCannotChangeAreSkipped() {
    // b has the only low-priority pod, but the preemptor's nodeSelector excludes b.
    NodeInfo a = info(labeled(node("a", "1", "8Gi", 110), "disk", "ssd"), running("a-high", "1", 900, "a", ""));
    NodeInfo b = info(node("b", "1", "8Gi", 110), running("b-low", "1", 1, "b", ""));
    Pod preemptor = prio(pod("p", "1", null), 500);
    preemptor = preemptor.toBuilder().setSpec(preemptor.getSpec().toBuilder().putNodeSelector("disk", "ssd")).build();
    FitError error = fitError(preemptor, List.of(a, b));
    assertThat(error.unresolvable()).containsExactly("b");
    assertThat(preemption.findCandidate(preemptor, List.of(a, b), error, NO_BUDGETS)).isEmpty();
    assertThat(DefaultPreemption.noCandidateMessage(error)).isEqualTo("preemption: 0/2 nodes are available: "
        + "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
  }

  @Test
  void aNodeWhoseVictimsViolateNoBudgetIsPreferredAndAViolatingOneIsUsedWhenNothingElseWorks() {
    PodDisruptionBudget keepOne = PodDisruptionBudget.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("guarded"))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "db")))
        .setStatus(PodDisruptionBudgetStatus.newBuilder().setDisruptionsAllowed(0)).build();
    DisruptionBudgets budgets = new DisruptionBudgets(List.of(keepOne));
    // a's victim has a lower priority (better by priority) but is guarded; b's is not.
    NodeInfo a = info(node("a", "1", "8Gi", 110), withLabel(running("db", "1", 1, "a", ""), "app", "db"));
    NodeInfo b = info(node("b", "1", "8Gi", 110), running("web", "1", 5, "b", ""));
    Pod preemptor = prio(pod("p", "1", null), 100);
    Victims chosen = candidate(preemptor, List.of(a, b), budgets).orElseThrow();
    assertThat(chosen.nodeName()).isEqualTo("b");
    assertThat(chosen.pdbViolations()).isZero();

    Victims onlyGuarded = candidate(preemptor, List.of(a), budgets).orElseThrow();
    assertThat(names(onlyGuarded)).containsExactly("db");
    assertThat(onlyGuarded.pdbViolations()).isEqualTo(1);
  }

  @Test
  void budgetsAreSpentInOrderSoOnlyThePodsBeyondTheAllowanceViolate() {
    PodDisruptionBudget allowOne = PodDisruptionBudget.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("one"))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "x")))
        .setStatus(PodDisruptionBudgetStatus.newBuilder().setDisruptionsAllowed(1)).build();
    Pod x1 = withLabel(pod("x1"), "app", "x");
    Pod x2 = withLabel(pod("x2"), "app", "x");
    Pod other = pod("other");
    DisruptionBudgets.Split split = new DisruptionBudgets(List.of(allowOne)).split(List.of(x1, other, x2));
    assertThat(split.violating()).containsExactly(x2);
    assertThat(split.nonViolating()).containsExactly(x1, other);
    // A budget with an empty selector protects nothing, as upstream's preemption.
    PodDisruptionBudget empty = allowOne.toBuilder().setSpec(PodDisruptionBudgetSpec.newBuilder()
        .setSelector(LabelSelector.getDefaultInstance())).setStatus(PodDisruptionBudgetStatus.getDefaultInstance()).build();
    assertThat(new DisruptionBudgets(List.of(empty)).split(List.of(x1)).violating()).isEmpty();
  }

  @Test
  void candidatesAreOrderedByHighestVictimPriorityThenSumThenCountThenLatestStart() {
    Pod p5 = running("p5", "1", 5, "n", "2026-01-01T00:00:00Z");
    Pod p3 = running("p3", "1", 3, "n", "2026-01-01T00:00:00Z");
    Pod p3b = running("p3b", "1", 3, "n", "2026-01-01T00:00:00Z");
    Pod p3late = running("p3late", "1", 3, "n", "2026-01-01T01:00:00Z");
    Victims highest5 = new Victims("a", List.of(p5), 0);
    Victims two3s = new Victims("b", List.of(p3, p3b), 0);
    Victims one3 = new Victims("c", List.of(p3), 0);
    Victims one3late = new Victims("d", List.of(p3late), 0);
    Victims violating = new Victims("e", List.of(running("p0", "1", 0, "n", "")), 1);
    assertThat(CandidateOrder.pick(List.of(violating, highest5, two3s)).orElseThrow().nodeName()).isEqualTo("b");
    assertThat(CandidateOrder.pick(List.of(two3s, one3)).orElseThrow().nodeName()).isEqualTo("c");
    assertThat(CandidateOrder.pick(List.of(one3, one3late)).orElseThrow().nodeName()).isEqualTo("d");
    assertThat(CandidateOrder.pick(List.of(one3, new Victims("f", List.of(p3), 0))).orElseThrow().nodeName())
        .isEqualTo("c");
  }

  @Test
  void preemptionPolicyNeverAndAStillTerminatingVictimMakeThePodIneligible() {
    Pod never = prio(pod("p", "1", null), 100);
    never = never.toBuilder().setSpec(never.getSpec().toBuilder().setPreemptionPolicy("Never")).build();
    assertThat(DefaultPreemption.eligible(never, List.of())).isFalse();

    Pod nominated = prio(pod("q", "1", null), 100);
    nominated = nominated.toBuilder().setStatus(nominated.getStatus().toBuilder().setNominatedNodeName("a")).build();
    Pod terminating = running("low", "1", 1, "a", "");
    terminating = terminating.toBuilder().setMetadata(terminating.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-01-01T00:00:00Z")).build();
    assertThat(DefaultPreemption.eligible(nominated, List.of(info(node("a", "1", "8Gi", 110), terminating)))).isFalse();
    assertThat(DefaultPreemption.eligible(nominated, List.of(info(node("a", "1", "8Gi", 110))))).isTrue();
  }
}
