package io.kava.controllermanager.disruption;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.deployment;
import static io.kava.controllermanager.testing.Workloads.ownedBy;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.replicaSet;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller against FakeApi with real informers: the status it writes, and nothing when nothing moved. */
class DisruptionControllerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Map<String, String> LABELS = Map.of("app", "web");

  private final FakeApi api = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private DisruptionController controller;

  @AfterEach
  void tearDown() throws Exception {
    if (controller != null) {
      controller.stop();
    }
    if (informers != null) {
      informers.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    api.close();
  }

  private KavaClient client() {
    KavaClient c = api.client();
    closeables.add(c);
    return c;
  }

  private void start() throws InterruptedException {
    controller = new DisruptionController(client());
    informers = new InformerFactory(client(), Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
    controller.run(1);
  }

  /** The budget "web" over LABELS, generation 1. */
  private static PodDisruptionBudget budget(PodDisruptionBudgetSpec.Builder spec) {
    return PodDisruptionBudget.newBuilder().setMetadata(Workloads.meta("web").setGeneration(1))
        .setSpec(spec.setSelector(LabelSelector.newBuilder().putAllMatchLabels(LABELS))).build();
  }

  private PodDisruptionBudgetStatus startAndAwaitStatus() throws InterruptedException {
    start();
    await().atMost(TIMEOUT).until(() -> status().getObservedGeneration() == 1);
    return status();
  }

  /** expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed. */
  private static List<Integer> counts(PodDisruptionBudgetStatus s) {
    return List.of(s.getExpectedPods(), s.getDesiredHealthy(), s.getCurrentHealthy(), s.getDisruptionsAllowed());
  }

  private PodDisruptionBudgetStatus status() {
    return client().resource(PodDisruptionBudget.class).get(NS, "web").getStatus();
  }

  @Test
  void aPercentageOfTheDeploymentsScaleBecomesTheStatusAndASecondSyncWritesNothing() throws Exception {
    Deployment d = api.seed(deployment("web", 4, LABELS));
    ReplicaSet rs = api.seed(ownedBy(replicaSet("web-1", 4, LABELS), d));
    for (int i = 0; i < 3; i++) {
      api.seed(ownedBy(readySince(pod("web-" + i, LABELS), Instant.now()), rs));
    }
    api.seed(ownedBy(terminating(readySince(pod("web-old", LABELS), Instant.now())), rs));
    api.seed(budget(PodDisruptionBudgetSpec.newBuilder().setMinAvailable(IntOrString.newBuilder().setStrVal("50%"))));

    PodDisruptionBudgetStatus s = startAndAwaitStatus();
    // The Deployment's 4 replicas are expected; 50% of 4 is 2; 3 ready pods (the terminating one is not).
    assertThat(counts(s)).containsExactly(4, 2, 3, 1);
    assertThat(s.getConditionsList()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("SufficientPods");
    });
    assertThat(api.writes()).containsExactly("status poddisruptionbudgets default/web");

    controller.sync(NS + "/web");
    await().atMost(TIMEOUT).until(() -> informers.informer(PodDisruptionBudget.class).lister().get(NS + "/web")
        .map(p -> p.getStatus().getObservedGeneration() == 1).orElse(false));
    controller.sync(NS + "/web");
    assertThat(api.writes()).containsExactly("status poddisruptionbudgets default/web");
  }

  @Test
  void aPodWhoseControllerIsMissingFailsSafe() throws Exception {
    ReplicaSet gone = replicaSet("gone", 3, LABELS);
    api.seed(ownedBy(readySince(pod("web-0", LABELS), Instant.now()), gone));
    api.seed(PodDisruptionBudget.newBuilder().setMetadata(Workloads.meta("web").setGeneration(1))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setMaxUnavailable(IntOrString.newBuilder().setIntVal(1))
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(LABELS)))
        .setStatus(PodDisruptionBudgetStatus.newBuilder().setDisruptionsAllowed(2))
        .build());

    start();

    await().atMost(TIMEOUT).until(() -> !status().getConditionsList().isEmpty());
    assertThat(status().getDisruptionsAllowed()).isZero();
    assertThat(status().getConditions(0).getReason()).isEqualTo("SyncFailed");
    assertThat(status().getConditions(0).getMessage()).isEqualTo("found no controllers for pod \"web-0\"");
  }

  /** Regression: a budget over StatefulSet pods failed safe ("found no controllers") before the set's scale was read. */
  @Test
  void maxUnavailableAndAPercentageOverStatefulSetPodsUseTheSetsReplicas() throws Exception {
    StatefulSet set = api.seed(StatefulSet.newBuilder().setApiVersion("apps/v1").setKind("StatefulSet")
        .setMetadata(Workloads.meta("web"))
        .setSpec(StatefulSetSpec.newBuilder().setReplicas(4).setSelector(LabelSelector.newBuilder()
            .putAllMatchLabels(LABELS)).setTemplate(Workloads.template(LABELS)))
        .build());
    for (int i = 0; i < 4; i++) {
      api.seed(ownedBy(readySince(pod("web-" + i, LABELS), Instant.now()), set));
    }
    api.seed(budget(PodDisruptionBudgetSpec.newBuilder().setMaxUnavailable(IntOrString.newBuilder().setStrVal("50%"))));

    PodDisruptionBudgetStatus s = startAndAwaitStatus();
    // 4 expected from the set's replicas; 50% of 4 may be unavailable: 2 must stay healthy, 2 may go.
    assertThat(counts(s)).containsExactly(4, 2, 4, 2);
    assertThat(s.getConditions(0).getReason()).isEqualTo("SufficientPods");
  }
}
