package io.kava.controllermanager.statefulset;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.meta;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.template;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.RollingUpdateStatefulSetStrategy;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.apps.v1.StatefulSetStatus;
import io.kava.api.apps.v1.StatefulSetUpdateStrategy;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.history.ControllerHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatefulSetControllerTest {
  private static final Map<String, String> LABELS = Map.of("app", "nginx");
  private static final String KEY = NS + "/web";

  private final FakeApi api = new FakeApi();
  private final FakeApi eventApi = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private StatefulSetController controller;

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

  private void start() throws InterruptedException {
    KavaClient client = client(api);
    controller = new StatefulSetController(client,
        new EventRecorder(client(eventApi).resource(Event.class), "statefulset-controller", ""), Clock.systemUTC());
    informers = new InformerFactory(client, Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(Duration.ofSeconds(20))).isTrue();
  }

  private KavaClient client(FakeApi server) {
    KavaClient c = server.client();
    closeables.add(c);
    return c;
  }

  private static StatefulSet set(int replicas, String policy) {
    PersistentVolumeClaim www = PersistentVolumeClaim.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("www"))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().addAccessModes("ReadWriteOnce")
            .setResources(ResourceRequirements.newBuilder().putRequests("storage", "1Gi")))
        .build();
    return StatefulSet.newBuilder().setApiVersion("apps/v1").setKind("StatefulSet")
        .setMetadata(meta("web").setGeneration(1))
        .setSpec(StatefulSetSpec.newBuilder().setReplicas(replicas).setServiceName("nginx")
            .setPodManagementPolicy(policy)
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(LABELS))
            .setTemplate(template(LABELS))
            .addVolumeClaimTemplates(www)
            .setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(RollingUpdateStatefulSetStrategy.newBuilder().setPartition(0)))
            .setPersistentVolumeClaimRetentionPolicy(StatefulSetPersistentVolumeClaimRetentionPolicy.newBuilder()
                .setWhenDeleted("Retain").setWhenScaled("Retain")))
        .build();
  }

  /** The pod the controller would have made for this ordinal, Running and Ready. */
  private static Pod readyPod(StatefulSet set, int ordinal) {
    return readySince(StatefulPods.newPod(set, set.getSpec().getTemplate(), StatefulSetSyncer.updateRevision(set),
        ordinal).toBuilder().setMetadata(StatefulPods.newPod(set, set.getSpec().getTemplate(),
        StatefulSetSyncer.updateRevision(set), ordinal).getMetadata().toBuilder().setUid("uid-" + ordinal)
        .setCreationTimestamp(meta("x").getCreationTimestamp())).build(), Instant.now().minusSeconds(60));
  }

  private List<String> podWrites() {
    return api.writes().stream().filter(w -> w.contains(" pods ") || w.contains(" persistentvolumeclaims ")).toList();
  }

  /** Pod writes only: the claims of existing pods are (re)created too, as upstream, when missing. */
  private List<String> podOnlyWrites() {
    return api.writes().stream().filter(w -> w.contains(" pods ")).toList();
  }

  @Test
  void orderedReadyCreatesTheFirstOrdinalWithItsClaimAndStableIdentity() throws Exception {
    StatefulSet set = api.seed(set(3, "OrderedReady"));
    start();

    controller.sync(KEY);

    assertThat(podWrites()).containsExactly("create persistentvolumeclaims default/www-web-0", "create pods default/web-0");
    Pod pod = client(api).resource(Pod.class).get(NS, "web-0");
    assertThat(pod.getMetadata().getLabelsMap()).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
        .containsEntry("apps.kubernetes.io/pod-index", "0")
        .containsEntry("controller-revision-hash", StatefulSetSyncer.updateRevision(set))
        .containsEntry("app", "nginx");
    assertThat(pod.getSpec().getHostname()).isEqualTo("web-0");
    assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
    assertThat(pod.getSpec().getVolumesList()).anyMatch(v -> v.getName().equals("www")
        && v.getPersistentVolumeClaim().getClaimName().equals("www-web-0"));
    assertThat(pod.getMetadata().getOwnerReferences(0).getKind()).isEqualTo("StatefulSet");
    PersistentVolumeClaim claim = client(api).resource(PersistentVolumeClaim.class).get(NS, "www-web-0");
    // Retain: no owner, so the garbage collector keeps the claim when the pod or the set goes.
    assertThat(claim.getMetadata().getOwnerReferencesList()).isEmpty();
    assertThat(claim.getMetadata().getLabelsMap()).containsEntry("app", "nginx");
    assertThat(claim.getSpec().getAccessModesList()).containsExactly("ReadWriteOnce");
  }

  @Test
  void orderedReadyWaitsForEachPodToBeRunningAndReadyBeforeTheNext() throws Exception {
    StatefulSet set = set(3, "OrderedReady");
    api.seed(set);
    Pod notReady = readyPod(set, 0);
    api.seed(notReady.toBuilder().setStatus(notReady.getStatus().toBuilder().clearConditions()).build());
    start();

    controller.sync(KEY);

    // The claim of web-0 exists after the sync, but nothing for web-1 while web-0 is not ready.
    assertThat(podWrites()).containsExactly("create persistentvolumeclaims default/www-web-0");
  }

  @Test
  void theNextOrdinalFollowsAReadyPodAndAnExistingClaimIsReused() throws Exception {
    StatefulSet set = set(3, "OrderedReady");
    api.seed(set);
    api.seed(readyPod(set, 0));
    api.seed(StatefulPods.claims(set, 0).get(0).toBuilder().setMetadata(StatefulPods.claims(set, 0).get(0)
        .getMetadata().toBuilder().setUid("claim-0")).build());
    api.seed(StatefulPods.claims(set, 1).get(0).toBuilder().setMetadata(StatefulPods.claims(set, 1).get(0)
        .getMetadata().toBuilder().setUid("claim-1")).build());
    start();

    controller.sync(KEY);

    assertThat(podWrites()).containsExactly("create pods default/web-1");
  }

  @Test
  void parallelCreatesEveryOrdinalAtOnce() throws Exception {
    api.seed(set(3, "Parallel"));
    start();

    controller.sync(KEY);

    assertThat(podWrites().stream().filter(w -> w.startsWith("create pods")))
        .containsExactly("create pods default/web-0", "create pods default/web-1", "create pods default/web-2");
  }

  @Test
  void scaleDownDeletesTheHighestOrdinalFirstAndOneAtATime() throws Exception {
    StatefulSet set = set(1, "OrderedReady");
    api.seed(set);
    for (int i = 0; i < 3; i++) {
      api.seed(readyPod(set, i));
    }
    start();

    controller.sync(KEY);
    assertThat(podOnlyWrites()).containsExactly("delete pods default/web-2");
  }

  @Test
  void scaleDownWaitsWhileTheHigherPodIsStillTerminating() throws Exception {
    StatefulSet set = set(1, "OrderedReady");
    api.seed(set);
    api.seed(readyPod(set, 0));
    api.seed(readyPod(set, 1));
    api.seed(terminating(readyPod(set, 2)));
    start();

    controller.sync(KEY);
    assertThat(podOnlyWrites()).isEmpty();
  }

  @Test
  void rollingUpdateReplacesFromTheHighestOrdinalAndStopsAtThePartition() throws Exception {
    StatefulSet old = set(3, "OrderedReady");
    StatefulSet set = old.toBuilder().setSpec(old.getSpec().toBuilder()
        .setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder().setType("RollingUpdate")
            .setRollingUpdate(RollingUpdateStatefulSetStrategy.newBuilder().setPartition(2)))).build();
    set = set.toBuilder().setSpec(set.getSpec().toBuilder().setTemplate(set.getSpec().getTemplate().toBuilder()
        .setSpec(set.getSpec().getTemplate().getSpec().toBuilder().setTerminationGracePeriodSeconds(5)))).build();
    api.seed(set);
    // Every pod carries the old template's revision.
    for (int i = 0; i < 3; i++) {
      api.seed(readyPod(old, i));
    }
    start();

    controller.sync(KEY);
    assertThat(podOnlyWrites()).containsExactly("delete pods default/web-2");
    StatefulSet stored = client(api).resource(StatefulSet.class).get(NS, "web");
    assertThat(stored.getStatus().getUpdateRevision()).isEqualTo(StatefulSetSyncer.updateRevision(set));
    assertThat(stored.getStatus().getUpdatedReplicas()).isZero();
    assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void onDeleteLeavesOldPodsAlone() throws Exception {
    StatefulSet old = set(2, "OrderedReady");
    StatefulSet set = old.toBuilder().setSpec(old.getSpec().toBuilder()
        .setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder().setType("OnDelete"))
        .setTemplate(old.getSpec().getTemplate().toBuilder().setSpec(old.getSpec().getTemplate().getSpec()
            .toBuilder().setTerminationGracePeriodSeconds(5)))).build();
    api.seed(set);
    api.seed(readyPod(old, 0));
    api.seed(readyPod(old, 1));
    start();

    controller.sync(KEY);
    assertThat(podWrites().stream().filter(w -> w.contains(" pods "))).isEmpty();
  }

  @Test
  void aSecondSyncWithNothingChangedWritesNothing() throws Exception {
    StatefulSet set = set(2, "OrderedReady");
    api.seed(set);
    api.seed(readyPod(set, 0));
    api.seed(readyPod(set, 1));
    for (int i = 0; i < 2; i++) {
      PersistentVolumeClaim c = StatefulPods.claims(set, i).get(0);
      api.seed(c.toBuilder().setMetadata(c.getMetadata().toBuilder().setUid("c" + i)).build());
    }
    start();
    controller.sync(KEY);
    int writes = api.writes().size();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> informers.informer(StatefulSet.class)
        .lister().get(KEY).orElseThrow().getStatus().getReplicas() == 2);

    controller.sync(KEY);
    assertThat(api.writes()).hasSize(writes);
  }

  private static StatefulSet withGrace(StatefulSet set, long seconds) {
    var t = set.getSpec().getTemplate();
    return set.toBuilder().setSpec(set.getSpec().toBuilder().setTemplate(t.toBuilder()
        .setSpec(t.getSpec().toBuilder().setTerminationGracePeriodSeconds(seconds)))).build();
  }

  @Test
  void aPodBelowThePartitionIsMadeFromTheCurrentRevisionAndTheRestFromToday() throws Exception {
    StatefulSet old = set(2, "Parallel");
    ControllerRevision current = api.seed(ControllerHistory.newRevision(old, old.getSpec().getTemplate(), 1, null,
        List.of()));
    StatefulSet set = withGrace(old, 5);
    set = set.toBuilder().setSpec(set.getSpec().toBuilder().setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder()
            .setType("RollingUpdate").setRollingUpdate(RollingUpdateStatefulSetStrategy.newBuilder().setPartition(1))))
        .setStatus(StatefulSetStatus.newBuilder().setCurrentRevision(current.getMetadata().getName())).build();
    api.seed(set);
    start();

    controller.sync(KEY);

    String update = StatefulSetSyncer.updateRevision(set);
    ControllerRevision today = client(api).resource(ControllerRevision.class).get(NS, update);
    assertThat(today.getRevision()).isEqualTo(2);
    assertThat(today.getMetadata().getLabelsMap()).containsEntry("controller.kubernetes.io/hash",
        update.substring("web-".length()));
    Pod web0 = client(api).resource(Pod.class).get(NS, "web-0");
    Pod web1 = client(api).resource(Pod.class).get(NS, "web-1");
    assertThat(StatefulPods.revision(web0)).isEqualTo(current.getMetadata().getName());
    assertThat(web0.getSpec().hasTerminationGracePeriodSeconds()).isFalse();
    assertThat(StatefulPods.revision(web1)).isEqualTo(update);
    assertThat(web1.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5);
    StatefulSet stored = client(api).resource(StatefulSet.class).get(NS, "web");
    assertThat(stored.getStatus().getCurrentRevision()).isEqualTo(current.getMetadata().getName());
    assertThat(stored.getStatus().getUpdateRevision()).isEqualTo(update);
  }

  @Test
  void revisionsBeyondTheHistoryLimitThatNoPodUsesAreDeleted() throws Exception {
    StatefulSet v1 = set(1, "OrderedReady");
    StatefulSet v2 = withGrace(v1, 5);
    StatefulSet v3 = withGrace(v1, 7);
    StatefulSet set = v3.toBuilder().setSpec(v3.getSpec().toBuilder().setRevisionHistoryLimit(0)
        .setUpdateStrategy(StatefulSetUpdateStrategy.newBuilder().setType("OnDelete"))).build();
    api.seed(ControllerHistory.newRevision(set, v1.getSpec().getTemplate(), 1, null, List.of()));
    api.seed(ControllerHistory.newRevision(set, v2.getSpec().getTemplate(), 2, null, List.of()));
    api.seed(set);
    api.seed(readyPod(v2, 0)); // OnDelete: the pod of v2 stays, and so does v2's revision
    start();

    controller.sync(KEY);

    assertThat(api.writes().stream().filter(w -> w.contains("controllerrevisions"))).containsExactly(
        "create controllerrevisions default/" + StatefulSetSyncer.updateRevision(set),
        "delete controllerrevisions default/" + StatefulSetSyncer.updateRevision(v1));
  }
}
