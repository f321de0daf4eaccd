package io.kava.controllermanager.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.client.policy.DisruptionBudgets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Upstream disruption_test.go's cases for the status computation. */
class DisruptionStatusesTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  /** Every pod is owned by ReplicaSet "rs" (uid rs-uid) whose scale the test sets. */
  private int scale = 0;
  private final ScaleFinder finder = (ref, ns) -> ref.getUid().equals("rs-uid")
      ? Optional.of(new ScaleFinder.Scale("rs-uid", scale)) : Optional.empty();

  private static IntOrString value(String v) {
    return v.endsWith("%") ? IntOrString.newBuilder().setStrVal(v).build()
        : IntOrString.newBuilder().setIntVal(Integer.parseInt(v)).build();
  }

  private static PodDisruptionBudget minAvailable(String v) {
    return pdb(PodDisruptionBudgetSpec.newBuilder().setMinAvailable(value(v)));
  }

  private static PodDisruptionBudget maxUnavailable(String v) {
    return pdb(PodDisruptionBudgetSpec.newBuilder().setMaxUnavailable(value(v)));
  }

  private static PodDisruptionBudget pdb(PodDisruptionBudgetSpec.Builder spec) {
    return PodDisruptionBudget.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("web").setGeneration(1))
        .setSpec(spec.setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web"))).build();
  }

  private static Pod pod(String name, boolean ready) {
    return Pod.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name).putLabels("app", "web")
            .addOwnerReferences(OwnerReference.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
                .setName("rs").setUid("rs-uid").setController(true)))
        .setStatus(PodStatus.newBuilder().setPhase("Running")
            .addConditions(PodCondition.newBuilder().setType("Ready").setStatus(ready ? "True" : "False")))
        .build();
  }

  private static List<Pod> readyPods(int n) {
    return IntStream.range(0, n).mapToObj(i -> pod("p" + i, true)).toList();
  }

  private PodDisruptionBudgetStatus status(PodDisruptionBudget pdb, List<Pod> pods) {
    return DisruptionStatuses.calculate(pdb, pods, finder, NOW).status();
  }

  private static void assertStatus(PodDisruptionBudgetStatus s, int allowed, int current, int desired, int expected) {
    assertThat(List.of(s.getDisruptionsAllowed(), s.getCurrentHealthy(), s.getDesiredHealthy(), s.getExpectedPods()))
        .as("allowed, currentHealthy, desiredHealthy, expectedPods").containsExactly(allowed, current, desired, expected);
  }

  @Test
  void noPodsAllowNothing() {
    assertStatus(status(minAvailable("1"), List.of()), 0, 0, 1, 0);
  }

  @Test
  void integerMinAvailableCountsThePodsThemselves() {
    scale = 99; // not consulted for an integer minAvailable
    assertStatus(status(minAvailable("2"), readyPods(1)), 0, 1, 2, 1);
    assertStatus(status(minAvailable("2"), readyPods(3)), 1, 3, 2, 3);
  }

  @Test
  void percentageMinAvailableRoundsUpOfTheControllersScale() {
    scale = 3;
    // 50% of 3 is 1.5, rounded up to 2.
    assertStatus(status(minAvailable("50%"), readyPods(3)), 1, 3, 2, 3);
    scale = 10;
    assertStatus(status(minAvailable("28%"), readyPods(3)), 0, 3, 3, 10);
    assertStatus(status(minAvailable("28%"), readyPods(4)), 1, 4, 3, 10);
  }

  @Test
  void maxUnavailableIsTakenFromTheScale() {
    scale = 3;
    assertStatus(status(maxUnavailable("1"), readyPods(3)), 1, 3, 2, 3);
    assertStatus(status(maxUnavailable("1"), readyPods(2)), 0, 2, 2, 3);
    scale = 7;
    // 30% of 7 is 2.1, rounded up to 3: 4 must stay healthy.
    assertStatus(status(maxUnavailable("30%"), readyPods(7)), 3, 7, 4, 7);
    assertStatus(status(maxUnavailable("100%"), readyPods(2)), 2, 2, 0, 7);
  }

  @Test
  void unreadyAndTerminatingPodsAreNotHealthy() {
    List<Pod> pods = new ArrayList<>(readyPods(2));
    pods.add(pod("unready", false));
    Pod going = pod("going", true);
    pods.add(going.toBuilder().setMetadata(going.getMetadata().toBuilder().setDeletionTimestamp("2026-12-01T11:59:59Z")).build());
    assertStatus(status(minAvailable("1"), pods), 1, 2, 1, 4);
  }

  @Test
  void aDisruptedPodIsNotHealthyUntilItsEntryTimesOut() {
    PodDisruptionBudget pdb = minAvailable("1");
    pdb = pdb.toBuilder().setStatus(PodDisruptionBudgetStatus.newBuilder()
        .putDisruptedPods("p0", "2026-12-01T11:59:00Z")       // a minute ago: still expected to go
        .putDisruptedPods("p1", "2026-12-01T11:57:00Z")       // three minutes ago: timed out, pruned
        .putDisruptedPods("gone", "2026-12-01T11:59:30Z"))     // no longer a pod: dropped
        .build();
    DisruptionStatuses.Computed computed = DisruptionStatuses.calculate(pdb, readyPods(3), finder, NOW);
    assertThat(computed.status().getDisruptedPodsMap()).isEqualTo(Map.of("p0", "2026-12-01T11:59:00Z"));
    assertThat(computed.notDeleted()).containsExactly("p1");
    assertThat(computed.recheckAt()).isEqualTo(Instant.parse("2026-12-01T12:01:00Z"));
    assertStatus(computed.status(), 1, 2, 1, 3);
  }

  @Test
  void percentagesNeedAController() {
    scale = 3;
    Pod orphan = pod("orphan", true);
    orphan = orphan.toBuilder().setMetadata(orphan.getMetadata().toBuilder().clearOwnerReferences()).build();
    List<Pod> pods = new ArrayList<>(readyPods(3));
    pods.add(orphan);
    DisruptionStatuses.Computed computed = DisruptionStatuses.calculate(minAvailable("50%"), pods, finder, NOW);
    assertThat(computed.unmanaged()).containsExactly("orphan");
    assertStatus(computed.status(), 2, 4, 2, 3);

    Pod lost = pod("lost", true);
    Pod lostPod = lost.toBuilder().setMetadata(lost.getMetadata().toBuilder()
        .setOwnerReferences(0, lost.getMetadata().getOwnerReferences(0).toBuilder().setUid("other"))).build();
    assertThatThrownBy(() -> DisruptionStatuses.calculate(minAvailable("50%"), List.of(lostPod), finder, NOW))
        .isInstanceOf(IllegalStateException.class).hasMessage("found no controllers for pod \"lost\"");
  }

  @Test
  void aSecondSyncWithNothingChangedWritesNothing() {
    scale = 3;
    PodDisruptionBudget pdb = minAvailable("2");
    PodDisruptionBudgetStatus first = status(pdb, readyPods(3));
    assertThat(DisruptionStatuses.needsWrite(pdb, first)).isTrue();
    PodDisruptionBudget written = pdb.toBuilder()
        .setStatus(DisruptionBudgets.withDisruptionAllowedCondition(first, NOW)).build();
    assertThat(written.getStatus().getConditions(0).getReason()).isEqualTo("SufficientPods");
    assertThat(DisruptionStatuses.needsWrite(written, status(written, readyPods(3)))).isFalse();
    assertThat(DisruptionStatuses.needsWrite(written, status(written, readyPods(2)))).isTrue();
  }

  @Test
  void theConditionFollowsDisruptionsAllowedAndKeepsItsTransitionTime() {
    PodDisruptionBudgetStatus allowed = DisruptionBudgets.withDisruptionAllowedCondition(
        PodDisruptionBudgetStatus.newBuilder().setDisruptionsAllowed(1).build(), NOW);
    PodDisruptionBudgetStatus again = DisruptionBudgets.withDisruptionAllowedCondition(allowed, NOW.plusSeconds(60));
    assertThat(again.getConditions(0).getLastTransitionTime()).isEqualTo("2026-12-01T12:00:00Z");
    PodDisruptionBudgetStatus none = DisruptionBudgets.withDisruptionAllowedCondition(
        again.toBuilder().setDisruptionsAllowed(0).build(), NOW.plusSeconds(60));
    assertThat(none.getConditionsList()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InsufficientPods");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-01T12:01:00Z");
    });
  }
}
