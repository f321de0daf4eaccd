package io.kava.controllermanager.daemonset;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.meta;
import static io.kava.controllermanager.testing.Workloads.onNode;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.DaemonSetUpdateStrategy;
import io.kava.api.apps.v1.RollingUpdateDaemonSet;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
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

class DaemonSetControllerTest {
  private static final Map<String, String> LABELS = Map.of("app", "agent");
  private static final String KEY = NS + "/agent";

  private final FakeApi api = new FakeApi();
  private final FakeApi eventApi = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private DaemonSetController controller;

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
    controller = new DaemonSetController(client,
        new EventRecorder(client(eventApi).resource(Event.class), "daemonset-controller", ""), Clock.systemUTC());
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

  private static DaemonSet daemonSet() {
    return DaemonSet.newBuilder().setApiVersion("apps/v1").setKind("DaemonSet")
        .setMetadata(meta("agent").setGeneration(1))
        .setSpec(DaemonSetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putAllMatchLabels(LABELS))
            .setTemplate(template(LABELS))
            .setUpdateStrategy(DaemonSetUpdateStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(RollingUpdateDaemonSet.newBuilder()
                    .setMaxUnavailable(IntOrString.newBuilder().setIntVal(1))
                    .setMaxSurge(IntOrString.newBuilder().setIntVal(0)))))
        .build();
  }

  private static Node node(String name, Taint... taints) {
    return Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name).setUid("uid-" + name).putLabels("kubernetes.io/hostname", name))
        .setSpec(NodeSpec.newBuilder().addAllTaints(List.of(taints))).build();
  }

  private static Pod daemonPod(DaemonSet ds, String node, String revision) {
    Pod p = DaemonPods.newPod(ds, node, revision);
    return readySince(onNode(p.toBuilder().setMetadata(p.getMetadata().toBuilder().setName("agent-" + node)
        .setUid("pod-" + node).setCreationTimestamp(meta("x").getCreationTimestamp())).build(), node),
        Instant.now().minusSeconds(60)).toBuilder().setSpec(onNode(p, node).getSpec()).build();
  }

  private List<Pod> storedPods() {
    return client(api).resource(Pod.class).list(ListOptions.all()).items();
  }

  @Test
  void onePodPerEligibleNodePinnedByAffinityWithTheAutomaticTolerations() throws Exception {
    api.seed(daemonSet());
    api.seed(node("n1"));
    api.seed(node("n2", Taint.newBuilder().setKey("dedicated").setValue("db").setEffect("NoSchedule").build()));
    // Cordoned: the automatic unschedulable toleration lets the daemon pod in anyway.
    api.seed(node("n3", Taint.newBuilder().setKey("node.kubernetes.io/unschedulable").setEffect("NoSchedule").build()));
    start();

    controller.sync(KEY);

    List<Pod> pods = storedPods();
    assertThat(pods).extracting(p -> DaemonPods.nodeOf(p).orElseThrow()).containsExactlyInAnyOrder("n1", "n3");
    Pod pod = pods.get(0);
    // Unbound: the scheduler binds it, held to its node by the affinity.
    assertThat(pod.getSpec().getNodeName()).isEmpty();
    var term = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms(0).getMatchFields(0);
    assertThat(term.getKey()).isEqualTo("metadata.name");
    assertThat(term.getOperator()).isEqualTo("In");
    assertThat(pod.getSpec().getTolerationsList()).extracting(Toleration::getKey).containsExactlyInAnyOrder(
        "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable");
    assertThat(pod.getSpec().getTolerationsList()).filteredOn(t -> t.getKey().equals("node.kubernetes.io/not-ready"))
        .allMatch(t -> t.getEffect().equals("NoExecute") && !t.hasTolerationSeconds());
    assertThat(pod.getMetadata().getLabelsMap()).containsEntry("controller-revision-hash", DaemonSetSyncer.revision(daemonSet()));
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
  }

  @Test
  void nodeSelectorLimitsTheNodesAndAHostNetworkPodToleratesNetworkUnavailable() throws Exception {
    DaemonSet ds = daemonSet();
    ds = ds.toBuilder().setSpec(ds.getSpec().toBuilder().setTemplate(ds.getSpec().getTemplate().toBuilder()
        .setSpec(ds.getSpec().getTemplate().getSpec().toBuilder().putNodeSelector("kubernetes.io/hostname", "n2")
            .setHostNetwork(true)))).build();
    api.seed(ds);
    api.seed(node("n1"));
    api.seed(node("n2", Taint.newBuilder().setKey("node.kubernetes.io/network-unavailable").setEffect("NoSchedule").build()));
    start();

    controller.sync(KEY);

    assertThat(storedPods()).extracting(p -> DaemonPods.nodeOf(p).orElseThrow()).containsExactly("n2");
  }

  @Test
  void podsOfNodesThatAreGoneOrNoLongerEligibleAreDeleted() throws Exception {
    DaemonSet ds = api.seed(daemonSet());
    String revision = DaemonSetSyncer.revision(ds);
    api.seed(node("n1"));
    api.seed(node("n2", Taint.newBuilder().setKey("dedicated").setEffect("NoExecute").build()));
    api.seed(daemonPod(ds, "n1", revision));
    api.seed(daemonPod(ds, "n2", revision));
    api.seed(daemonPod(ds, "gone", revision));
    start();

    controller.sync(KEY);

    assertThat(api.writes().stream().filter(w -> w.contains(" pods "))).containsExactlyInAnyOrder(
        "delete pods default/agent-n2", "delete pods default/agent-gone");
  }

  @Test
  void rollingUpdateDeletesNoMoreOldPodsThanMaxUnavailable() throws Exception {
    DaemonSet ds = api.seed(daemonSet());
    for (String n : List.of("n1", "n2", "n3")) {
      api.seed(node(n));
      api.seed(daemonPod(ds, n, "old-revision"));
    }
    start();

    controller.sync(KEY);

    assertThat(api.writes().stream().filter(w -> w.contains(" pods "))).hasSize(1).allMatch(w -> w.startsWith("delete"));
    DaemonSet stored = client(api).resource(DaemonSet.class).get(NS, "agent");
    assertThat(stored.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
    assertThat(stored.getStatus().getCurrentNumberScheduled()).isEqualTo(3);
    assertThat(stored.getStatus().getNumberReady()).isEqualTo(3);
    assertThat(stored.getStatus().getUpdatedNumberScheduled()).isZero();
  }

  @Test
  void rollingUpdateWithMaxSurgeStartsNewPodsBesideOldOnesAndDeletesAnOldOneOnlyOnceItsSuccessorIsAvailable()
      throws Exception {
    DaemonSet ds = daemonSet();
    ds = api.seed(ds.toBuilder().setSpec(ds.getSpec().toBuilder().setUpdateStrategy(DaemonSetUpdateStrategy.newBuilder()
        .setType("RollingUpdate").setRollingUpdate(RollingUpdateDaemonSet.newBuilder()
            .setMaxUnavailable(IntOrString.newBuilder().setIntVal(0))
            .setMaxSurge(IntOrString.newBuilder().setIntVal(2))))).build());
    String revision = DaemonSetSyncer.revision(ds);
    for (String n : List.of("n1", "n2", "n3", "n4")) {
      api.seed(node(n));
      api.seed(daemonPod(ds, n, "old-revision"));
    }
    // n1's successor is starting (not Ready: it counts against maxSurge); n2's is available.
    Pod starting = DaemonPods.newPod(ds, "n1", revision);
    api.seed(onNode(starting.toBuilder().setMetadata(starting.getMetadata().toBuilder().setName("agent-n1-new")).build(), "n1"));
    Pod available = daemonPod(ds, "n2", revision);
    api.seed(available.toBuilder().setMetadata(available.getMetadata().toBuilder().setName("agent-n2-new").setUid("new-n2"))
        .build());
    start();

    controller.sync(KEY);

    // n2's old pod goes; one more surge pod fits (2 - n1's), on n3; n4 waits; n1's old pod stays until its successor is Ready.
    assertThat(api.writes().stream().filter(w -> w.startsWith("delete pods"))).containsExactly("delete pods default/agent-n2");
    assertThat(storedPods()).filteredOn(p -> p.getMetadata().getLabelsOrDefault(DaemonPods.REVISION_LABEL, "").equals(revision))
        .extracting(p -> DaemonPods.nodeOf(p).orElseThrow()).containsExactlyInAnyOrder("n1", "n2", "n3");
  }

  @Test
  void onDeleteLeavesOldPodsAlone() throws Exception {
    DaemonSet ds = daemonSet();
    ds = api.seed(ds.toBuilder().setSpec(ds.getSpec().toBuilder()
        .setUpdateStrategy(DaemonSetUpdateStrategy.newBuilder().setType("OnDelete"))).build());
    api.seed(node("n1"));
    api.seed(daemonPod(ds, "n1", "old-revision"));
    start();

    controller.sync(KEY);

    assertThat(api.writes().stream().filter(w -> w.contains(" pods "))).isEmpty();
  }

  @Test
  void theTemplateGetsARevisionAndOldOnesNoPodUsesArePrunedToTheLimit() throws Exception {
    DaemonSet ds = daemonSet().toBuilder().setSpec(daemonSet().getSpec().toBuilder().setRevisionHistoryLimit(0)
        .setUpdateStrategy(DaemonSetUpdateStrategy.newBuilder().setType("OnDelete"))).build();
    ds = api.seed(ds);
    api.seed(node("n1"));
    DaemonSet old = ds.toBuilder().setSpec(ds.getSpec().toBuilder().setTemplate(ds.getSpec().getTemplate().toBuilder()
        .setSpec(ds.getSpec().getTemplate().getSpec().toBuilder().setTerminationGracePeriodSeconds(7)))).build();
    DaemonSet older = ds.toBuilder().setSpec(ds.getSpec().toBuilder().setTemplate(ds.getSpec().getTemplate().toBuilder()
        .setSpec(ds.getSpec().getTemplate().getSpec().toBuilder().setTerminationGracePeriodSeconds(9)))).build();
    String oldHash = DaemonSetSyncer.revision(old);
    api.seed(ControllerHistory.newRevision(ds, old.getSpec().getTemplate(), 2, null, List.of()));
    api.seed(ControllerHistory.newRevision(ds, older.getSpec().getTemplate(), 1, null, List.of()));
    // OnDelete: the pod of the old template stays, and so does its revision.
    api.seed(daemonPod(old, "n1", oldHash));
    start();

    controller.sync(KEY);

    String hash = DaemonSetSyncer.revision(ds);
    ControllerRevision today = client(api).resource(ControllerRevision.class).get(NS, "agent-" + hash);
    assertThat(today.getRevision()).isEqualTo(3);
    assertThat(today.getMetadata().getLabelsMap()).containsEntry("controller-revision-hash", hash)
        .containsEntry("controller.kubernetes.io/hash", hash).containsEntry("app", "agent");
    assertThat(api.writes().stream().filter(w -> w.contains("controllerrevisions"))).containsExactly(
        "create controllerrevisions default/agent-" + hash,
        "delete controllerrevisions default/agent-" + DaemonSetSyncer.revision(older));
    assertThat(api.writes().stream().filter(w -> w.contains(" pods "))).isEmpty();
  }
}
