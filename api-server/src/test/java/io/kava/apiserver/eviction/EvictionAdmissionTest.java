package io.kava.apiserver.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.policy.DisruptionBudgets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  static Pod pod(String name, String phase, boolean ready) {
    return Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name).putLabels("app", "web"))
        .setStatus(PodStatus.newBuilder().setPhase(phase)
            .addConditions(PodCondition.newBuilder().setType("Ready").setStatus(ready ? "True" : "False")))
        .build();
  }

  static PodDisruptionBudget pdb(String name, int allowed, int current, int desired) {
    return PodDisruptionBudget.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name).setGeneration(1))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setMinAvailable(IntOrString.newBuilder().setIntVal(desired))
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web")))
        .setStatus(PodDisruptionBudgetStatus.newBuilder().setObservedGeneration(1).setDisruptionsAllowed(allowed)
            .setCurrentHealthy(current).setDesiredHealthy(desired).setExpectedPods(current))
        .build();
  }

  @Test
  void terminalPendingAndTerminatingPodsIgnoreTheBudget() {
    List<PodDisruptionBudget> blocked = List.of(pdb("web", 0, 2, 2));
    assertThat(EvictionAdmission.verdict(pod("a", "Succeeded", false), blocked)).isEqualTo(EvictionAdmission.Verdict.DELETE);
    assertThat(EvictionAdmission.verdict(pod("a", "Failed", false), blocked)).isEqualTo(EvictionAdmission.Verdict.DELETE);
    assertThat(EvictionAdmission.verdict(pod("a", "Pending", false), blocked)).isEqualTo(EvictionAdmission.Verdict.DELETE);
    Pod terminating = pod("a", "Running", true).toBuilder()
        .setMetadata(pod("a", "Running", true).getMetadata().toBuilder().setDeletionTimestamp("2026-12-01T12:00:00Z")).build();
    assertThat(EvictionAdmission.verdict(terminating, blocked)).isEqualTo(EvictionAdmission.Verdict.DELETE);
  }

  @Test
  void aPodNoBudgetCoversIsDeleted() {
    assertThat(EvictionAdmission.verdict(pod("a", "Running", true), List.of())).isEqualTo(EvictionAdmission.Verdict.DELETE);
  }

  @Test
  void onlyBudgetsWhoseSelectorMatchesCoverThePod() {
    PodDisruptionBudget other = pdb("db", 1, 2, 1);
    other = other.toBuilder().setSpec(other.getSpec().toBuilder()
        .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "db"))).build();
    PodDisruptionBudget none = pdb("none", 1, 2, 1);
    none = none.toBuilder().setSpec(none.getSpec().toBuilder().clearSelector()).build();
    PodDisruptionBudget all = pdb("all", 1, 2, 1);
    all = all.toBuilder().setSpec(all.getSpec().toBuilder().setSelector(LabelSelector.getDefaultInstance())).build();
    PodDisruptionBudget web = pdb("web", 1, 2, 1);
    // policy/v1: no selector covers nothing, an empty one every pod of the namespace.
    assertThat(EvictionAdmission.budgetsOf(pod("a", "Running", true), List.of(other, none, all, web)))
        .containsExactly(all, web);
  }

  @Test
  void moreThanOneBudgetIsAnErrorAsUpstream() {
    assertThatThrownBy(() -> EvictionAdmission.verdict(pod("a", "Running", true), List.of(pdb("x", 1, 2, 1), pdb("y", 1, 2, 1))))
        .isInstanceOf(ApiError.class)
        .hasMessage("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  }

  @Test
  void aHealthyPodTakesADisruption() {
    assertThat(EvictionAdmission.verdict(pod("a", "Running", true), List.of(pdb("web", 0, 2, 2))))
        .isEqualTo(EvictionAdmission.Verdict.DECREMENT);
  }

  @Test
  void anUnreadyPodGoesFreelyWhenTheBudgetIsHealthy() {
    assertThat(EvictionAdmission.verdict(pod("a", "Running", false), List.of(pdb("web", 0, 2, 2))))
        .isEqualTo(EvictionAdmission.Verdict.DELETE_UNHEALTHY);
  }

  @Test
  void anUnreadyPodOfAnUnhealthyBudgetNeedsADisruptionUnlessAlwaysAllow() {
    PodDisruptionBudget unhealthy = pdb("web", 0, 1, 2);
    assertThat(EvictionAdmission.verdict(pod("a", "Running", false), List.of(unhealthy)))
        .isEqualTo(EvictionAdmission.Verdict.DECREMENT);
    PodDisruptionBudget alwaysAllow = unhealthy.toBuilder()
        .setSpec(unhealthy.getSpec().toBuilder().setUnhealthyPodEvictionPolicy("AlwaysAllow")).build();
    assertThat(EvictionAdmission.verdict(pod("a", "Running", false), List.of(alwaysAllow)))
        .isEqualTo(EvictionAdmission.Verdict.DELETE_UNHEALTHY);
  }

  @Test
  void decrementTakesOneAndRecordsThePod() {
    PodDisruptionBudget after = EvictionAdmission.decrement(pdb("web", 2, 3, 1), "a", NOW);
    assertThat(after.getStatus().getDisruptionsAllowed()).isEqualTo(1);
    assertThat(after.getStatus().getDisruptedPodsMap()).containsEntry("a", "2026-12-01T12:00:00Z");
    assertThat(after.getStatus().getConditionsList()).isEmpty();
  }

  @Test
  void theLastDisruptionTurnsTheConditionFalse() {
    PodDisruptionBudget after = EvictionAdmission.decrement(pdb("web", 1, 3, 2), "a", NOW);
    assertThat(after.getStatus().getDisruptionsAllowed()).isZero();
    assertThat(after.getStatus().getConditionsList()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo(DisruptionBudgets.DISRUPTION_ALLOWED);
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InsufficientPods");
    });
  }

  @Test
  void noDisruptionLeftIsTooManyRequestsWithUpstreamsMessageAndCause() {
    assertThatThrownBy(() -> EvictionAdmission.decrement(pdb("web", 0, 2, 2), "a", NOW))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.reason()).isEqualTo("TooManyRequests");
          assertThat(e.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
          assertThat(e.causes()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("DisruptionBudget");
            assertThat(c.getMessage()).isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
          });
        });
  }

  @Test
  void aBudgetTheControllerHasNotSeenYetRefuses() {
    PodDisruptionBudget stale = pdb("web", 3, 3, 0);
    stale = stale.toBuilder().setMetadata(stale.getMetadata().toBuilder().setGeneration(2)).build();
    PodDisruptionBudget s = stale;
    assertThatThrownBy(() -> EvictionAdmission.decrement(s, "a", NOW))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.causes().get(0).getMessage())
            .isEqualTo("The disruption budget web is still being processed by the server."));
  }

  @Test
  void aNegativeBudgetIsForbidden() {
    assertThatThrownBy(() -> EvictionAdmission.decrement(pdb("web", -1, 2, 2), "a", NOW))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }
}
