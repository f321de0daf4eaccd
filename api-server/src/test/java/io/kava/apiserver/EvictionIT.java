package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The eviction subresource against a real etcd: a budget refuses or allows, and a refusal writes nothing. */
class EvictionIT {
  private static EtcdProcessCluster etcd;
  private static ApiServerHarness server;
  private static ResourceClient<Pod> pods;
  private static ResourceClient<PodDisruptionBudget> budgets;

  @BeforeAll
  static void start() {
    etcd = EtcdProcessCluster.start(1);
    server = ApiServerHarness.start(etcd.endpoints(), c -> c);
    pods = server.client().resource(Pod.class);
    budgets = server.client().resource(PodDisruptionBudget.class);
  }

  @AfterAll
  static void stop() {
    server.close();
    etcd.close();
  }

  /** A running, ready pod labelled app=APP. */
  private static Pod readyPod(String name, String app) {
    Pod base = Fixtures.pod("default", name);
    Pod created = pods.create(base.toBuilder().setMetadata(base.getMetadata().toBuilder().putLabels("app", app)).build());
    return pods.updateStatus(created.toBuilder().setStatus(PodStatus.newBuilder().setPhase("Running")
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus("True"))).build());
  }

  /** A budget for app=APP whose status says what the disruption controller would have written. */
  private static PodDisruptionBudget budget(String app, int allowed, int healthy, int desired) {
    PodDisruptionBudget created = budgets.create(PodDisruptionBudget.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(app))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setMinAvailable(IntOrString.newBuilder().setIntVal(desired))
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", app)))
        .build());
    return budgets.updateStatus(created.toBuilder().setStatus(PodDisruptionBudgetStatus.newBuilder()
        .setObservedGeneration(created.getMetadata().getGeneration()).setDisruptionsAllowed(allowed)
        .setCurrentHealthy(healthy).setDesiredHealthy(desired).setExpectedPods(healthy)).build());
  }

  @Test
  void aBudgetWithNoDisruptionLeftRefusesAndNothingIsWritten() {
    Pod pod = readyPod("blocked-0", "blocked");
    PodDisruptionBudget pdb = budget("blocked", 0, 1, 1);

    assertThatThrownBy(() -> pods.evict("default", "blocked-0", DeleteOptions.defaults(), false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.isTooManyRequests()).isTrue();
          assertThat(e.reason()).isEqualTo("TooManyRequests");
          assertThat(e.getMessage()).contains("Cannot evict pod as it would violate the pod's disruption budget.");
          assertThat(e.causes()).extracting(c -> c.getMessage())
              .containsExactly("The disruption budget blocked needs 1 healthy pods and has 1 currently");
        });

    assertThat(pods.get("default", "blocked-0")).isEqualTo(pod);
    assertThat(budgets.get("default", "blocked")).isEqualTo(pdb);
  }

  @Test
  void anAllowedEvictionTakesADisruptionRecordsThePodAndDeletesIt() {
    readyPod("allowed-0", "allowed");
    readyPod("allowed-1", "allowed");
    budget("allowed", 1, 2, 1);

    pods.evict("default", "allowed-0", DeleteOptions.gracePeriod(0), false);

    assertThat(pods.list(ListOptions.inNamespace("default")).items()).extracting(p -> p.getMetadata().getName())
        .contains("allowed-1").doesNotContain("allowed-0");
    PodDisruptionBudgetStatus status = budgets.get("default", "allowed").getStatus();
    assertThat(status.getDisruptionsAllowed()).isZero();
    assertThat(status.getDisruptedPodsMap()).containsOnlyKeys("allowed-0");
    assertThat(status.getConditionsList()).extracting(c -> c.getReason()).containsExactly("InsufficientPods");

    // The budget is spent now: the second pod stays.
    assertThatThrownBy(() -> pods.evict("default", "allowed-1", DeleteOptions.defaults(), false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isTooManyRequests()).isTrue());
    assertThat(pods.get("default", "allowed-1").getMetadata().getDeletionTimestamp()).isEmpty();
  }

  @Test
  void aDryRunEvictionWritesNothing() {
    Pod pod = readyPod("dry-0", "dry");
    PodDisruptionBudget pdb = budget("dry", 1, 1, 0);

    pods.evict("default", "dry-0", DeleteOptions.defaults(), true);

    assertThat(pods.get("default", "dry-0")).isEqualTo(pod);
    assertThat(budgets.get("default", "dry")).isEqualTo(pdb);
  }

  @Test
  void aPodNoBudgetCoversIsDeletedAndAMissingPodIsNotFound() {
    readyPod("free-0", "free");
    pods.evict("default", "free-0", DeleteOptions.defaults(), false);
    assertThatThrownBy(() -> pods.get("default", "free-0"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> pods.evict("default", "free-0", DeleteOptions.defaults(), false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void aBudgetSettingBothMinAvailableAndMaxUnavailableIsInvalid() {
    PodDisruptionBudget both = PodDisruptionBudget.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("both"))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setMinAvailable(IntOrString.newBuilder().setIntVal(1))
            .setMaxUnavailable(IntOrString.newBuilder().setStrVal("150%"))
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "x")))
        .build();
    assertThatThrownBy(() -> budgets.create(both)).isInstanceOfSatisfying(ApiException.class, e ->
        assertThat(e.causes()).extracting(c -> c.getField()).containsExactly("spec", "spec.maxUnavailable"));
  }
}
