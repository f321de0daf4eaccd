package io.kava.controllermanager.replicaset;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.createdAt;
import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.onNode;
import static io.kava.controllermanager.testing.Workloads.ownedBy;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.replicaSet;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetStatus;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.FaultyChannel;
import io.kava.controllermanager.util.ControllerExpectations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaSetControllerTest {
  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final String KEY = NS + "/web";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FakeApi api = new FakeApi();
  private final FakeApi eventApi = new FakeApi();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private ReplicaSetController controller;

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
    eventApi.close();
  }

  /** Starts the controller reading and writing the same fake API server. */
  private void start() throws InterruptedException {
    start(client(api), client(api));
  }

  /**
   * Starts the controller with caches filled from {@code reads} and writes going to {@code writes}:
   * with two servers its caches never see its own writes, as a slow watch would.
   */
  private void start(KavaClient reads, KavaClient writes) throws InterruptedException {
    EventRecorder recorder = new EventRecorder(client(eventApi).resource(Event.class), "replicaset-controller", "");
    controller = new ReplicaSetController(writes, recorder, clock);
    informers = new InformerFactory(reads, Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
  }

  private KavaClient client(FakeApi server) {
    KavaClient c = server.client();
    closeables.add(c);
    return c;
  }

  private List<Pod> cachedPods() {
    return informers.informer(Pod.class).lister().list();
  }

  private List<Pod> storedPods() {
    return client(api).resource(Pod.class).list(ListOptions.all()).items();
  }

  private ReplicaSet storedReplicaSet() {
    return client(api).resource(ReplicaSet.class).get(NS, "web");
  }

  @Test
  void scaleFromZeroCreatesPodsFromTemplateWithControllerReference() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 3, LABELS));
    start();

    controller.sync(KEY);

    List<String> writes = api.writes();
    assertThat(writes).hasSize(4);
    assertThat(writes.subList(0, 3)).allMatch(w -> w.startsWith("create pods default/web-"));
    // The cache has not seen the new pods yet: status still says 0 but now for generation 1.
    assertThat(writes.get(3)).isEqualTo("status replicasets default/web");
    assertThat(storedReplicaSet().getStatus().getObservedGeneration()).isEqualTo(1);

    List<Pod> pods = storedPods();
    assertThat(pods).hasSize(3);
    for (Pod p : pods) {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("web-");
      assertThat(p.getMetadata().getLabelsMap()).isEqualTo(LABELS);
      assertThat(p.getSpec().getContainers(0).getImage()).isEqualTo("kava/busybox:latest");
      assertThat(p.getMetadata().getOwnerReferencesList()).containsExactly(OwnerReference.newBuilder()
          .setApiVersion("apps/v1").setKind("ReplicaSet").setName("web").setUid(rs.getMetadata().getUid())
          .setController(true).setBlockOwnerDeletion(true).build());
    }
  }

  @Test
  void observedCreationsSatisfyExpectationsAndTheNextSyncOnlyWritesStatus() throws Exception {
    api.seed(replicaSet("web", 3, LABELS));
    start();
    controller.sync(KEY);

    await().atMost(TIMEOUT).until(() -> controller.expectations().satisfied(KEY) && cachedPods().size() == 3);
    await().atMost(TIMEOUT).until(() -> storedReplicaSet().getMetadata().getResourceVersion().equals(
        informers.informer(ReplicaSet.class).lister().get(KEY).orElseThrow().getMetadata().getResourceVersion()));
    int before = api.writes().size();
    controller.sync(KEY);

    assertThat(api.writes().subList(before, api.writes().size())).containsExactly("status replicasets default/web");
    assertThat(storedReplicaSet().getStatus().getReplicas()).isEqualTo(3);
    assertThat(storedReplicaSet().getStatus().getFullyLabeledReplicas()).isEqualTo(3);
  }

  @Test
  void unmetExpectationsStopASecondSyncFromCreatingUntilTheyExpire() throws Exception {
    // Status already says what the sync computes, so the only writes are creates.
    ReplicaSet rs = replicaSet("web", 3, LABELS).toBuilder()
        .setStatus(ReplicaSetStatus.newBuilder().setObservedGeneration(1)).build();
    FakeApi cacheSource = new FakeApi();
    closeables.add(cacheSource);
    cacheSource.seed(rs);
    api.seed(rs);
    start(client(cacheSource), client(api));

    controller.sync(KEY);
    assertThat(api.writes()).hasSize(3).allMatch(w -> w.startsWith("create pods default/web-"));
    assertThat(controller.expectations().pending(KEY).orElseThrow()).containsExactly(3, 0);

    controller.sync(KEY);
    assertThat(api.writes()).hasSize(3);

    clock.advance(ControllerExpectations.TIMEOUT.plusSeconds(1));
    controller.sync(KEY);
    assertThat(api.writes()).hasSize(6);
  }

  @Test
  void slowStartStopsAfterTheFirstFailingBatchAndReportsReplicaFailure() throws Exception {
    ReplicaSet rs = replicaSet("web", 10, LABELS);
    FakeApi cacheSource = new FakeApi();
    closeables.add(cacheSource);
    cacheSource.seed(rs);
    api.seed(rs);
    IntPredicate secondCreateFails = n -> n == 2;
    KavaClient faulty = FaultyChannel.client(client(api), secondCreateFails);
    closeables.add(faulty);
    start(client(cacheSource), faulty);

    assertThatThrownBy(() -> controller.sync(KEY)).isInstanceOf(ApiException.class)
        .hasMessageContaining("injected failure");

    // Batch 1 (one create) succeeded, batch 2 (two creates) had a failure: no batch of 4 was tried.
    List<String> writes = api.writes();
    assertThat(writes.stream().filter(w -> w.startsWith("create pods"))).hasSize(2);
    assertThat(writes.get(writes.size() - 1)).isEqualTo("status replicasets default/web");
    // Only the two created pods are still expected; the eight never made are not.
    assertThat(controller.expectations().pending(KEY).orElseThrow()).containsExactly(2, 0);
    var condition = storedReplicaSet().getStatus().getConditions(0);
    assertThat(condition.getType()).isEqualTo("ReplicaFailure");
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("FailedCreate");
  }

  @Test
  void scaleDownDeletesThePreferredPods() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 2, LABELS));
    Instant now = clock.instant();
    api.seed(ownedBy(pod("unassigned", LABELS), rs));
    api.seed(ownedBy(onNode(pod("pending", LABELS), "node-1"), rs));
    api.seed(ownedBy(inPhase(onNode(pod("running-not-ready", LABELS), "node-1"), "Running"), rs));
    api.seed(ownedBy(readySince(pod("ready-recently", LABELS), now.minusSeconds(100)), rs));
    api.seed(ownedBy(readySince(pod("ready-long", LABELS), now.minusSeconds(1000)), rs));
    api.seed(ownedBy(createdAt(readySince(pod("ready-long-older", LABELS), now.minusSeconds(1000)),
        now.minusSeconds(5000)), rs));
    start();

    controller.sync(KEY);

    List<String> writes = api.writes();
    assertThat(writes.subList(0, 4)).containsExactlyInAnyOrder("delete pods default/unassigned",
        "delete pods default/pending", "delete pods default/running-not-ready", "delete pods default/ready-recently");
    assertThat(writes.subList(4, writes.size())).containsExactly("status replicasets default/web");
    assertThat(storedPods()).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("ready-long", "ready-long-older");
  }

  @Test
  void pendingDeletionsStopASecondSyncFromDeletingMore() throws Exception {
    ReplicaSet rs = replicaSet("web", 1, LABELS).toBuilder()
        .setStatus(ReplicaSetStatus.newBuilder().setObservedGeneration(1).setReplicas(3).setFullyLabeledReplicas(3))
        .build();
    FakeApi cacheSource = new FakeApi();
    closeables.add(cacheSource);
    for (FakeApi server : List.of(cacheSource, api)) {
      ReplicaSet stored = server.seed(rs.toBuilder().setMetadata(rs.getMetadata()).build());
      for (String name : List.of("a", "b", "c")) {
        server.seed(ownedBy(pod(name, LABELS).toBuilder().setMetadata(pod(name, LABELS).getMetadata().toBuilder()
            .setUid("uid-" + name)).build(), stored));
      }
    }
    FaultyChannel counting = new FaultyChannel(client(api), n -> false);
    KavaClient writes = counting.client();
    closeables.add(writes);
    start(client(cacheSource), writes);

    controller.sync(KEY);
    assertThat(api.writes()).hasSize(2).allMatch(w -> w.startsWith("delete pods default/"));
    assertThat(controller.expectations().pending(KEY).orElseThrow()).containsExactly(0, 2);

    controller.sync(KEY);
    assertThat(counting.calls("Delete")).isEqualTo(2);
    assertThat(api.writes()).hasSize(2);
  }

  @Test
  void adoptsMatchingOrphansOnly() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 2, LABELS));
    ReplicaSet other = api.seed(replicaSet("other", 0, Map.of("app", "other")));
    api.seed(pod("orphan", LABELS));
    api.seed(terminating(pod("orphan-going", LABELS)));
    api.seed(ownedBy(pod("someone-elses", LABELS), other));
    api.seed(pod("not-matching", Map.of("app", "db")));
    api.seed(inPhase(pod("orphan-finished", LABELS), "Succeeded"));
    start();

    controller.sync(KEY);

    List<String> writes = api.writes();
    assertThat(writes.get(0)).isEqualTo("update pods default/orphan");
    assertThat(writes.get(1)).startsWith("create pods default/web-");
    assertThat(writes.subList(2, writes.size())).containsExactly("status replicasets default/web");
    Pod adopted = client(api).resource(Pod.class).get(NS, "orphan");
    assertThat(adopted.getMetadata().getOwnerReferences(0).getUid()).isEqualTo(rs.getMetadata().getUid());
    assertThat(adopted.getMetadata().getOwnerReferences(0).getController()).isTrue();
    assertThat(storedReplicaSet().getStatus().getReplicas()).isEqualTo(1);
  }

  @Test
  void releasesOwnedPodsThatNoLongerMatchAndReplacesThem() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 1, LABELS));
    api.seed(ownedBy(pod("relabelled", Map.of("app", "debug")), rs));
    start();

    controller.sync(KEY);

    List<String> writes = api.writes();
    assertThat(writes).hasSize(3);
    assertThat(writes.get(0)).isEqualTo("update pods default/relabelled");
    assertThat(writes.get(1)).startsWith("create pods default/web-");
    assertThat(writes.get(2)).isEqualTo("status replicasets default/web");
    assertThat(client(api).resource(Pod.class).get(NS, "relabelled").getMetadata().getOwnerReferencesList()).isEmpty();
  }

  @Test
  void aSecondSyncWithNothingChangedWritesNothing() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 2, LABELS));
    api.seed(ownedBy(readySince(pod("a", LABELS), clock.instant().minusSeconds(60)), rs));
    api.seed(ownedBy(pod("b", LABELS), rs));
    start();

    controller.sync(KEY);
    assertThat(api.writes()).containsExactly("status replicasets default/web");
    ReplicaSetStatus status = storedReplicaSet().getStatus();
    assertThat(status.getReplicas()).isEqualTo(2);
    assertThat(status.getReadyReplicas()).isEqualTo(1);
    assertThat(status.getAvailableReplicas()).isEqualTo(1);
    assertThat(status.getObservedGeneration()).isEqualTo(1);

    await().atMost(TIMEOUT).until(() -> informers.informer(ReplicaSet.class).lister().get(KEY).orElseThrow()
        .getStatus().equals(status));
    controller.sync(KEY);
    controller.sync(KEY);
    assertThat(api.writes()).containsExactly("status replicasets default/web");
  }

  @Test
  void finishedAndTerminatingPodsDoNotCountAsReplicas() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 2, LABELS));
    api.seed(ownedBy(inPhase(pod("done", LABELS), "Succeeded"), rs));
    api.seed(ownedBy(inPhase(pod("crashed", LABELS), "Failed"), rs));
    api.seed(ownedBy(terminating(pod("going", LABELS)), rs));
    api.seed(ownedBy(pod("live", LABELS), rs));
    start();

    controller.sync(KEY);

    List<String> writes = api.writes();
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0)).startsWith("create pods default/web-");
    assertThat(storedReplicaSet().getStatus().getReplicas()).isEqualTo(1);
  }

  @Test
  void availableReplicasCountPodsReadyForMinReadySeconds() throws Exception {
    ReplicaSet rs = replicaSet("web", 2, LABELS);
    rs = api.seed(rs.toBuilder().setSpec(rs.getSpec().toBuilder().setMinReadySeconds(10)).build());
    api.seed(ownedBy(readySince(pod("a", LABELS), clock.instant().minusSeconds(5)), rs));
    api.seed(ownedBy(readySince(pod("b", LABELS), clock.instant().minusSeconds(30)), rs));
    start();

    controller.sync(KEY);
    assertThat(storedReplicaSet().getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(storedReplicaSet().getStatus().getAvailableReplicas()).isEqualTo(1);

    await().atMost(TIMEOUT).until(() -> informers.informer(ReplicaSet.class).lister().get(KEY).orElseThrow()
        .getStatus().getReadyReplicas() == 2);
    clock.advance(Duration.ofSeconds(6));
    controller.sync(KEY);
    assertThat(storedReplicaSet().getStatus().getAvailableReplicas()).isEqualTo(2);
  }

  @Test
  void replicaSetBeingDeletedNeitherCreatesNorAdopts() throws Exception {
    ReplicaSet rs = replicaSet("web", 3, LABELS);
    api.seed(rs.toBuilder().setMetadata(rs.getMetadata().toBuilder().setDeletionTimestamp(clock.instant().toString())
        .addFinalizers("foregroundDeletion")).build());
    api.seed(pod("orphan", LABELS));
    start();

    controller.sync(KEY);

    assertThat(api.writes()).containsExactly("status replicasets default/web");
  }

  @Test
  void selectorWithExpressionsDecidesMembershipAndAnInvalidOneIsIgnored() throws Exception {
    ReplicaSet rs = replicaSet("web", 1, LABELS);
    rs = rs.toBuilder().setSpec(rs.getSpec().toBuilder().setSelector(rs.getSpec().getSelector().toBuilder()
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("tier").setOperator("NotIn")
            .addValues("canary")))).build();
    api.seed(rs);
    api.seed(pod("canary", Map.of("app", "web", "tier", "canary")));
    api.seed(pod("stable", Map.of("app", "web", "tier", "stable")));
    ReplicaSet broken = replicaSet("broken", 1, LABELS);
    api.seed(broken.toBuilder().setSpec(broken.getSpec().toBuilder().setSelector(broken.getSpec().getSelector()
        .toBuilder().addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("x").setOperator("Near"))))
        .build());
    start();

    controller.sync(KEY);
    controller.sync(NS + "/broken");

    assertThat(api.writes()).containsExactly("update pods default/stable", "status replicasets default/web");
  }

  @Test
  void deletedReplicaSetForgetsItsExpectations() throws Exception {
    start();
    controller.expectations().expectCreations(KEY, 3);

    controller.sync(KEY);

    assertThat(api.writes()).isEmpty();
    assertThat(controller.expectations().pending(KEY)).isEmpty();
  }

  @Test
  void workersKeepReplicasAtSpecThroughScalingAndPodDeletion() throws Exception {
    ReplicaSet rs = api.seed(replicaSet("web", 3, LABELS));
    start();
    controller.run(2);
    await().atMost(TIMEOUT).until(() -> storedPods().size() == 3 && storedReplicaSet().getStatus().getReplicas() == 3);

    var pods = client(api).resource(Pod.class);
    pods.delete(NS, storedPods().get(0).getMetadata().getName());
    await().atMost(TIMEOUT).until(() -> storedPods().size() == 3 && api.writes().stream()
        .filter(w -> w.startsWith("create pods")).count() == 4);

    var replicaSets = client(api).resource(ReplicaSet.class);
    ReplicaSet current = replicaSets.get(NS, "web");
    replicaSets.update(current.toBuilder().setSpec(current.getSpec().toBuilder().setReplicas(5)).build());
    await().atMost(TIMEOUT).until(() -> storedPods().size() == 5 && storedReplicaSet().getStatus().getReplicas() == 5);

    current = replicaSets.get(NS, "web");
    replicaSets.update(current.toBuilder().setSpec(current.getSpec().toBuilder().setReplicas(1)).build());
    await().atMost(TIMEOUT).until(() -> storedPods().size() == 1 && storedReplicaSet().getStatus().getReplicas() == 1);
    assertThat(storedPods().get(0).getMetadata().getOwnerReferences(0).getUid()).isEqualTo(rs.getMetadata().getUid());
  }
}
