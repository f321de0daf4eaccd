package io.kava.scheduler;

import static io.kava.scheduler.PlacementObjects.requiredAffinity;
import static io.kava.scheduler.PlacementObjects.term;
import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.cordoned;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.ownedBy;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.withPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole scheduler (informers, queue, loop, binder, status, events) against the in-memory API. */
class SchedulerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<Pod> pods = client.resource(Pod.class);
  private final ResourceClient<Node> nodes = client.resource(Node.class);
  private KavaScheduler scheduler;

  @AfterEach
  void tearDown() {
    if (scheduler != null) {
      scheduler.close();
    }
    client.close();
    api.close();
  }

  @Test
  void aBurstOfThirtyPodsSpreadsFifteenFifteenOverTwoEqualNodes() {
    api.seed(node("node-a"));
    api.seed(node("node-b"));
    start(false);

    for (int i = 0; i < 30; i++) {
      pods.create(ownedBy(pod("web-" + i, "100m", "128Mi"), "rs-web"));
    }

    await().atMost(TIMEOUT).until(() -> boundPods().size() == 30);
    Map<String, Long> perNode = boundPods().stream()
        .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    assertThat(perNode).containsExactlyInAnyOrderEntriesOf(Map.of("node-a", 15L, "node-b", 15L));
    assertThat(api.writes().stream().filter(w -> w.startsWith("bind ")).count()).isEqualTo(30);
  }

  @Test
  void aPodTooBigForEveryNodeWaitsWithTheReasonUntilABigNodeArrives() {
    api.seed(node("node-a", "4", "4Gi", 110));
    api.seed(node("node-b", "4", "4Gi", 110));
    start(false);

    pods.create(pod("huge", "1", "16Gi"));

    String message = "0/2 nodes are available: 2 Insufficient memory."
        + " preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
    await().atMost(TIMEOUT).until(() -> podScheduled("huge").map(PodCondition::getMessage), m -> m.equals(Optional.of(message)));
    PodCondition condition = podScheduled("huge").orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("Unschedulable");
    assertThat(condition.getLastTransitionTime()).isNotEmpty();
    assertThat(pods.get("default", "huge").getSpec().getNodeName()).isEmpty();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("huge"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("FailedScheduling");
          assertThat(e.getMessage()).isEqualTo(message);
        }));

    nodes.create(node("node-big", "16", "64Gi", 110));

    await().atMost(TIMEOUT).until(() -> pods.get("default", "huge").getSpec().getNodeName(), n -> n.equals("node-big"));
  }

  @Test
  void theSchedulersOwnStatusWriteDoesNotStartAnotherAttempt() {
    api.seed(node("node-a", "4", "4Gi", 110));
    start(false);

    pods.create(pod("huge", "1", "16Gi"));
    await().atMost(TIMEOUT).until(() -> podScheduled("huge").isPresent());
    // A barrier: "small" is queued after the status write's watch event for "huge", and events are
    // written in order, so a second attempt at "huge" would show before small's Scheduled event.
    pods.create(pod("small", "100m", "1Mi"));
    await().atMost(TIMEOUT).until(() -> events("small").stream().anyMatch(e -> e.getReason().equals("Scheduled")));

    assertThat(events("huge")).singleElement().satisfies(e -> {
      assertThat(e.getReason()).isEqualTo("FailedScheduling");
      assertThat(e.getCount()).isEqualTo(1);
    });
    assertThat(api.writes()).filteredOn(w -> w.equals("status pods default/huge")).hasSize(1);
  }

  @Test
  void aPodWaitingForItsPartnerIsRetriedAsSoonAsThePartnerIsBound() {
    api.seed(node("node-a"));
    api.seed(node("node-b"));
    start(false);
    pods.create(requiredAffinity(pod("web"), term(PlacementObjects.HOSTNAME, "app", "db")));
    await().atMost(TIMEOUT).until(() -> podScheduled("web").map(PodCondition::getMessage),
        m -> m.equals(Optional.of("0/2 nodes are available: 2 node(s) didn't match pod affinity rules."
            + " preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")));

    pods.create(PlacementObjects.labeled(pod("db"), "app", "db"));

    // Well before the 30 s periodic retry: the partner's bind sends the waiting pod back.
    await().atMost(Duration.ofSeconds(5)).until(() -> !pods.get("default", "web").getSpec().getNodeName().isEmpty());
    assertThat(pods.get("default", "web").getSpec().getNodeName()).isEqualTo(pods.get("default", "db").getSpec().getNodeName());
  }

  @Test
  void replicasOfAReplicaSetSpreadByItsSelectorUnderTheSystemDefaults() {
    client.resource(ReplicaSet.class).create(ReplicaSet.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("rs-web"))
        .setSpec(ReplicaSetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web"))
            .setTemplate(PodTemplateSpec.newBuilder().setMetadata(ObjectMeta.newBuilder().putLabels("app", "web"))))
        .build());
    // One node far bigger: resources alone would put most replicas there.
    api.seed(node("node-big", "64", "256Gi", 110));
    api.seed(node("node-small", "4", "8Gi", 110));
    start(false);

    for (int i = 0; i < 6; i++) {
      pods.create(ownedBy(PlacementObjects.labeled(pod("web-" + i, "100m", "128Mi"), "app", "web"), "web"));
    }

    await().atMost(TIMEOUT).until(() -> boundPods().size() == 6);
    Map<String, Long> perNode = boundPods().stream()
        .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    assertThat(perNode).containsOnlyKeys("node-big", "node-small");
    assertThat(perNode.get("node-small")).isGreaterThanOrEqualTo(2L);
  }

  @Test
  void aCordonedNodeIsSkipped() {
    api.seed(cordoned(node("node-a")));
    api.seed(node("node-b"));
    start(false);

    for (int i = 0; i < 5; i++) {
      pods.create(pod("p-" + i, "100m", "64Mi"));
    }

    await().atMost(TIMEOUT).until(() -> boundPods().size() == 5);
    assertThat(boundPods()).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-b"));
  }

  @Test
  void uncordoningANodeRetriesThePodsParkedOnIt() {
    api.seed(cordoned(node("node-a")));
    start(false);
    pods.create(pod("waiting"));
    await().atMost(TIMEOUT).until(() -> podScheduled("waiting").map(PodCondition::getMessage),
        m -> m.equals(Optional.of("0/1 nodes are available: 1 node(s) were unschedulable."
            + " preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")));

    Node current = nodes.get("", "node-a");
    nodes.update(current.toBuilder().setSpec(current.getSpec().toBuilder().setUnschedulable(false)).build());

    await().atMost(TIMEOUT).until(() -> pods.get("default", "waiting").getSpec().getNodeName(), n -> n.equals("node-a"));
  }

  @Test
  void deletingABoundPodMakesRoomForAParkedOne() {
    api.seed(node("node-a", "1", "1Gi", 110));
    api.seed(boundTo(pod("hog", "800m", "64Mi"), "node-a"));
    start(false);
    pods.create(pod("next", "500m", "64Mi"));
    await().atMost(TIMEOUT).until(() -> podScheduled("next").map(PodCondition::getMessage),
        m -> m.equals(Optional.of("0/1 nodes are available: 1 Insufficient cpu."
            + " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")));

    pods.delete("default", "hog");

    await().atMost(TIMEOUT).until(() -> pods.get("default", "next").getSpec().getNodeName(), n -> n.equals("node-a"));
  }

  @Test
  void aHighPriorityPodThatFitsNowherePreemptsALowerOneIsNominatedAndBound() {
    api.seed(node("node-a", "1", "1Gi", 110));
    api.seed(withPriority(boundTo(pod("low", "800m", "64Mi"), "node-a"), 1));
    start(false);
    pods.create(withPriority(pod("high", "500m", "64Mi"), 1000));

    await().atMost(TIMEOUT).until(() -> pods.get("default", "high").getSpec().getNodeName(), n -> n.equals("node-a"));
    assertThat(pods.get("default", "high").getStatus().getNominatedNodeName()).isEqualTo("node-a");
    assertThat(pods.list(ListOptions.all()).items()).extracting(p -> p.getMetadata().getName()).doesNotContain("low");
    assertThat(events("low")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("Preempted");
      assertThat(e.getMessage()).isEqualTo("Preempted by pod uid-high on node node-a");
    });
  }

  @Test
  void aPodWithPreemptionPolicyNeverWaitsAndSaysSo() {
    api.seed(node("node-a", "1", "1Gi", 110));
    api.seed(withPriority(boundTo(pod("low", "800m", "64Mi"), "node-a"), 1));
    start(false);
    Pod polite = withPriority(pod("polite", "500m", "64Mi"), 1000);
    pods.create(polite.toBuilder().setSpec(polite.getSpec().toBuilder().setPreemptionPolicy("Never")).build());

    await().atMost(TIMEOUT).until(() -> podScheduled("polite").map(PodCondition::getMessage), m -> m.equals(Optional.of(
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.")));
    assertThat(pods.get("default", "low").getMetadata().getDeletionTimestamp()).isEmpty();
  }

  private static Pod withPriority(Pod pod, int priority) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setPriority(priority)).build();
  }

  @Test
  void terminatedPodsNoLongerHoldRoom() {
    api.seed(node("node-a", "1", "1Gi", 110));
    api.seed(withPhase(boundTo(pod("done", "800m", "64Mi"), "node-a"), "Succeeded"));
    start(false);

    pods.create(pod("next", "500m", "64Mi"));

    await().atMost(TIMEOUT).until(() -> pods.get("default", "next").getSpec().getNodeName(), n -> n.equals("node-a"));
  }

  @Test
  void aPodAlreadyBoundIsNeverBoundAgain() {
    api.seed(node("node-a"));
    api.seed(boundTo(pod("prebound"), "node-a"));
    start(false);

    pods.create(pod("marker"));
    await().atMost(TIMEOUT).until(() -> !pods.get("default", "marker").getSpec().getNodeName().isEmpty());

    assertThat(api.writes()).noneMatch(w -> w.startsWith("bind pods default/prebound"));
    assertThat(api.writes()).contains("bind pods default/marker node-a");
  }

  @Test
  void aSuccessfulBindRecordsTheScheduledEventAndWritesNoStatus() {
    api.seed(node("kava-node-1"));
    start(false);

    pods.create(pod("web-1"));

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("web-1")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getReason()).isEqualTo("Scheduled");
      assertThat(e.getMessage()).isEqualTo("Successfully assigned default/web-1 to kava-node-1");
    }));
    assertThat(api.writes()).noneMatch(w -> w.startsWith("status pods default/web-1"));
  }

  @Test
  void podsForOtherSchedulersAndFinishedPodsAreLeftAlone() {
    api.seed(node("node-a"));
    Pod other = pod("other").toBuilder().setSpec(pod("other").getSpec().toBuilder().setSchedulerName("my-scheduler"))
        .build();
    Pod named = pod("named").toBuilder().setSpec(pod("named").getSpec().toBuilder()
        .setSchedulerName("default-scheduler")).build();
    api.seed(other);
    api.seed(withPhase(pod("failed"), "Failed"));
    start(false);

    pods.create(named);
    await().atMost(TIMEOUT).until(() -> !pods.get("default", "named").getSpec().getNodeName().isEmpty());

    assertThat(api.writes()).noneMatch(w -> w.contains("default/other") || w.contains("default/failed"));
  }

  @Test
  void withLeaderElectionItSchedulesOnceItHoldsTheLease() {
    api.seed(node("node-a"));
    start(true);

    pods.create(pod("p"));

    await().atMost(TIMEOUT).until(() -> !pods.get("default", "p").getSpec().getNodeName().isEmpty());
    Lease lease = client.resource(Lease.class).get("kube-system", "kava-scheduler");
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("test-scheduler");
    assertThat(scheduler.isLeader()).isTrue();
  }

  private void start(boolean leaderElect) {
    scheduler = new KavaScheduler(new SchedulerConfig("in-process", leaderElect, "test-scheduler",
        SchedulerConfig.DEFAULT_SCHEDULER_NAME, Duration.ofSeconds(30)), client);
    scheduler.start();
  }

  private List<Pod> boundPods() {
    return pods.list(ListOptions.all()).items().stream().filter(p -> !p.getSpec().getNodeName().isEmpty()).toList();
  }

  private Optional<PodCondition> podScheduled(String name) {
    return pods.get("default", name).getStatus().getConditionsList().stream()
        .filter(c -> c.getType().equals("PodScheduled")).findFirst();
  }

  private List<Event> events(String podName) {
    return client.resource(Event.class).list(ListOptions.all()).items().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(podName)).toList();
  }
}
