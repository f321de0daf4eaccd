package io.kava.controllermanager;

import static io.kava.controllermanager.testing.Workloads.deployment;
import static io.kava.controllermanager.testing.Workloads.job;
import static io.kava.controllermanager.testing.Workloads.ownedBy;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.controllermanager.gc.GarbageCollector;
import io.kava.controllermanager.replicaset.ReplicaSetController;
import io.kava.controllermanager.testing.RunningControllerManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ReplicaSet controller and the garbage collector, wired by the real {@link ControllerManager},
 * against a real API server on real etcd. No scheduler or kubelet: pods just exist as objects (so a
 * deleted pod goes at once, as an unscheduled pod does). Each test works in its own namespace.
 */
class ReplicaSetAndGarbageCollectorIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final String DANGLING_NS = "gc-at-start";

  private static ApiServerHarness api;
  private static KavaClient client;
  private static RunningControllerManager manager;

  @BeforeAll
  static void start() {
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    // Left behind "while the controller manager was down": its owner never existed.
    createNamespace(DANGLING_NS);
    OwnerReference gone = OwnerReference.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
        .setName("gone").setUid(UUID.randomUUID().toString()).setController(true).setBlockOwnerDeletion(true).build();
    pods().create(inNamespace(pod("left-behind", LABELS).toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("left-behind").putAllLabels(LABELS).addOwnerReferences(gone))
        .build(), DANGLING_NS));

    manager = RunningControllerManager.start(api, managerClient -> List.of(
        new ReplicaSetController(managerClient), new GarbageCollector(managerClient)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (manager != null) {
      manager.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static ResourceClient<Pod> pods() {
    return client.resource(Pod.class);
  }

  private static ResourceClient<ReplicaSet> replicaSets() {
    return client.resource(ReplicaSet.class);
  }

  private static String createNamespace(String name) {
    client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).build());
    return name;
  }

  private static String newNamespace() {
    return createNamespace("rs-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The object as a client would send it: in this namespace, no server-set fields. */
  private static <T extends Message> T inNamespace(T object, String namespace) {
    ObjectMeta m = ApiObjects.meta(object);
    ObjectMeta.Builder clean = m.toBuilder().setNamespace(namespace).clearUid().clearCreationTimestamp()
        .clearGeneration().clearResourceVersion();
    return ApiObjects.withMeta(object, clean.build());
  }

  private static List<Pod> podsIn(String namespace) {
    return pods().list(ListOptions.inNamespace(namespace)).items();
  }

  private static boolean gone(ResourceClient<?> resource, String namespace, String name) {
    try {
      resource.get(namespace, name);
      return false;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return true;
      }
      throw e;
    }
  }

  private static ReplicaSet createReplicaSet(String namespace, int replicas) {
    return replicaSets().create(inNamespace(replicaSet("web", replicas, LABELS), namespace));
  }

  private static void scale(String namespace, int replicas) {
    await().atMost(TIMEOUT).ignoreException(ApiException.class).until(() -> {
      ReplicaSet rs = replicaSets().get(namespace, "web");
      replicaSets().update(rs.toBuilder().setSpec(rs.getSpec().toBuilder().setReplicas(replicas)).build());
      return true;
    });
  }

  /** Waits until exactly n pods exist, all controlled by the ReplicaSet, and its status says so. */
  private static List<Pod> awaitReplicas(String namespace, ReplicaSet rs, int n) {
    await().atMost(TIMEOUT).until(() -> {
      ReplicaSet current = replicaSets().get(namespace, "web");
      return podsIn(namespace).size() == n && current.getStatus().getReplicas() == n
          && current.getStatus().getObservedGeneration() == current.getMetadata().getGeneration();
    });
    List<Pod> pods = podsIn(namespace);
    assertThat(pods).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).startsWith("web-");
      assertThat(p.getMetadata().getLabelsMap()).containsAllEntriesOf(LABELS);
      OwnerReference ref = p.getMetadata().getOwnerReferences(0);
      assertThat(ref.getUid()).isEqualTo(rs.getMetadata().getUid());
      assertThat(ref.getKind()).isEqualTo("ReplicaSet");
      assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
      assertThat(ref.getController()).isTrue();
      assertThat(ref.getBlockOwnerDeletion()).isTrue();
    });
    return pods;
  }

  @Test
  void replicaSetOfThreeGetsThreePods() {
    String ns = newNamespace();
    ReplicaSet rs = createReplicaSet(ns, 3);

    awaitReplicas(ns, rs, 3);
    assertThat(replicaSets().get(ns, "web").getStatus().getFullyLabeledReplicas()).isEqualTo(3);
  }

  @Test
  void deletedPodIsReplaced() {
    String ns = newNamespace();
    ReplicaSet rs = createReplicaSet(ns, 3);
    List<Pod> before = awaitReplicas(ns, rs, 3);
    String victim = before.get(0).getMetadata().getName();

    pods().delete(ns, victim);

    await().atMost(TIMEOUT).until(() -> {
      List<Pod> now = podsIn(ns);
      return now.size() == 3 && now.stream().noneMatch(p -> p.getMetadata().getName().equals(victim));
    });
    awaitReplicas(ns, rs, 3);
  }

  @Test
  void scalesUpToFiveThenDownToOne() {
    String ns = newNamespace();
    ReplicaSet rs = createReplicaSet(ns, 3);
    awaitReplicas(ns, rs, 3);

    scale(ns, 5);
    awaitReplicas(ns, rs, 5);

    scale(ns, 1);
    awaitReplicas(ns, rs, 1);
  }

  @Test
  void deletingTheReplicaSetInTheBackgroundDeletesItsPods() {
    String ns = newNamespace();
    ReplicaSet rs = createReplicaSet(ns, 3);
    awaitReplicas(ns, rs, 3);

    replicaSets().delete(ns, "web");

    assertThat(gone(replicaSets(), ns, "web")).isTrue();
    await().atMost(TIMEOUT).until(() -> podsIn(ns).isEmpty());
  }

  @Test
  void deletingTheReplicaSetWithOrphanKeepsItsPodsWithoutOwnerReference() {
    String ns = newNamespace();
    ReplicaSet rs = createReplicaSet(ns, 3);
    List<Pod> before = awaitReplicas(ns, rs, 3);

    ReplicaSet deleting = replicaSets().delete(ns, "web", DeleteOptions.propagation("Orphan"));
    assertThat(deleting.getMetadata().getFinalizersList()).contains(GarbageCollector.ORPHAN_FINALIZER);

    await().atMost(TIMEOUT).until(() -> gone(replicaSets(), ns, "web"));
    List<Pod> after = podsIn(ns);
    assertThat(after).extracting(p -> p.getMetadata().getUid())
        .containsExactlyInAnyOrderElementsOf(before.stream().map(p -> p.getMetadata().getUid()).toList());
    assertThat(after).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferencesList()).isEmpty());
  }

  @Test
  void foregroundDeletionRemovesTheWholeTreeBeforeTheOwner() {
    String ns = newNamespace();
    Deployment d = client.resource(Deployment.class).create(inNamespace(deployment("web", 2, LABELS), ns));
    ReplicaSet rs = replicaSets().create(inNamespace(ownedBy(replicaSet("web", 2, LABELS), d), ns));
    awaitReplicas(ns, rs, 2);

    Deployment deleting = client.resource(Deployment.class).delete(ns, "web", DeleteOptions.propagation("Foreground"));
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotEmpty();
    assertThat(deleting.getMetadata().getFinalizersList()).contains(GarbageCollector.FOREGROUND_FINALIZER);

    await().atMost(TIMEOUT).until(() -> gone(client.resource(Deployment.class), ns, "web"));
    // The Deployment goes last: by then its ReplicaSet, and that ReplicaSet's pods, are gone.
    assertThat(gone(replicaSets(), ns, "web")).isTrue();
    assertThat(podsIn(ns)).isEmpty();
  }

  @Test
  void deletingAJobDeletesItsPods() {
    String ns = newNamespace();
    Job j = client.resource(Job.class).create(inNamespace(job("batch", LABELS), ns));
    pods().create(inNamespace(ownedBy(pod("batch-a", LABELS), j), ns));

    client.resource(Job.class).delete(ns, "batch");

    await().atMost(TIMEOUT).until(() -> podsIn(ns).isEmpty());
  }

  @Test
  void dependentsOfOwnersDeletedWhileTheManagerWasDownAreCollectedAtStart() {
    await().atMost(TIMEOUT).until(() -> podsIn(DANGLING_NS).isEmpty());
    assertThatThrownBy(() -> pods().get(DANGLING_NS, "left-behind")).isInstanceOf(ApiException.class);
  }
}
