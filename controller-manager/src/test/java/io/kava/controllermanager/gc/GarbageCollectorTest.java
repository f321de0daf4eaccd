package io.kava.controllermanager.gc;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.deployment;
import static io.kava.controllermanager.testing.Workloads.job;
import static io.kava.controllermanager.testing.Workloads.ownedBy;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.replicaSet;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.api.v1.DeleteRequest;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Times;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.testing.FaultyChannel;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {
  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FakeApi api = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private FaultyChannel channel;
  private InformerFactory informers;
  private GarbageCollector gc;

  @AfterEach
  void tearDown() throws Exception {
    if (gc != null) {
      gc.stop();
    }
    if (informers != null) {
      informers.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    api.close();
  }

  private KavaClient client(FakeApi server) {
    KavaClient c = server.client();
    closeables.add(c);
    return c;
  }

  private void start() throws InterruptedException {
    start(api);
  }

  /** Caches filled from {@code reads}; writes and live reads go to the main fake API server. */
  private void start(FakeApi reads) throws InterruptedException {
    channel = new FaultyChannel(client(api), n -> false);
    KavaClient writes = channel.client();
    closeables.add(writes);
    gc = new GarbageCollector(writes);
    informers = new InformerFactory(client(reads), Duration.ZERO);
    gc.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
  }

  /** Processes queued items until the queue is empty (items arrive from the informers' threads). */
  private void drain() throws InterruptedException {
    while (gc.queue().length() > 0) {
      Workers.processNext(GarbageCollector.NAME, gc.queue(), gc::sync);
    }
  }

  private static <T extends Message> T withOwner(T object, OwnerReference ref) {
    return OwnerReferences.withOwnerReference(object, ref);
  }

  private static OwnerReference goneOwner(String kind, String apiVersion, String name) {
    return OwnerReference.newBuilder().setApiVersion(apiVersion).setKind(kind).setName(name)
        .setUid("uid-of-deleted-" + name).setController(true).setBlockOwnerDeletion(true).build();
  }

  private static <T extends Message> T deleting(T object, String... finalizers) {
    var meta = ApiObjects.meta(object).toBuilder().setDeletionTimestamp(Times.now());
    for (String f : finalizers) {
      meta.addFinalizers(f);
    }
    return ApiObjects.withMeta(object, meta.build());
  }

  private <T extends Message> T stored(Class<T> type, String name) {
    return client(api).resource(type).get(NS, name);
  }

  @Test
  void onStartCollectsEveryDependentWhoseOwnerIsGone() throws Exception {
    ReplicaSet live = api.seed(replicaSet("live", 1, LABELS));
    api.seed(withOwner(pod("of-gone-rs", LABELS), goneOwner("ReplicaSet", "apps/v1", "old")));
    api.seed(withOwner(pod("of-gone-job", LABELS), goneOwner("Job", "batch/v1", "batch")));
    api.seed(withOwner(replicaSet("of-gone-deployment", 1, LABELS), goneOwner("Deployment", "apps/v1", "d")));
    api.seed(ownedBy(pod("of-live-rs", LABELS), live));
    api.seed(pod("orphan", LABELS));
    start();

    drain();

    assertThat(api.writes()).containsExactlyInAnyOrder("delete pods default/of-gone-rs",
        "delete pods default/of-gone-job", "delete replicasets default/of-gone-deployment");
    assertThat(channel.requests(DeleteRequest.class)).allSatisfy(r -> {
      assertThat(r.getPropagationPolicy()).isEqualTo("Background");
      assertThat(r.getPreconditionUid()).isNotEmpty();
    });
  }

  @Test
  void deletingAnOwnerCollectsItsDependentsAndTheirDependents() throws Exception {
    Deployment d = api.seed(deployment("web", 2, LABELS));
    ReplicaSet rs = api.seed(ownedBy(replicaSet("web-1", 2, LABELS), d));
    api.seed(ownedBy(pod("web-1-a", LABELS), rs));
    api.seed(ownedBy(pod("web-1-b", LABELS), rs));
    Job j = api.seed(job("batch", LABELS));
    api.seed(ownedBy(pod("batch-a", LABELS), j));
    start();
    drain();
    assertThat(api.writes()).isEmpty();

    client(api).resource(Deployment.class).delete(NS, "web");
    client(api).resource(Job.class).delete(NS, "batch");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      drain();
      assertThat(api.writes()).hasSize(6);
    });
    List<String> writes = api.writes();
    assertThat(writes).containsExactlyInAnyOrder("delete deployments default/web", "delete jobs default/batch",
        "delete replicasets default/web-1", "delete pods default/web-1-a", "delete pods default/web-1-b",
        "delete pods default/batch-a");
    assertThat(writes.indexOf("delete replicasets default/web-1"))
        .isLessThan(writes.indexOf("delete pods default/web-1-a"));
  }

  @Test
  void anOwnerMissingFromTheCacheIsCheckedLiveBeforeCollecting() throws Exception {
    // The GC's caches see the pods but not yet their ReplicaSet, which the API server does have.
    ReplicaSet rs = api.seed(replicaSet("web", 1, LABELS));
    FakeApi laggingCache = new FakeApi();
    closeables.add(laggingCache);
    laggingCache.seed(ownedBy(pod("a", LABELS), rs));
    laggingCache.seed(withOwner(pod("b", LABELS), goneOwner("ReplicaSet", "apps/v1", "old")));
    api.seed(withOwner(pod("b", LABELS), goneOwner("ReplicaSet", "apps/v1", "old")));
    start(laggingCache);

    drain();

    assertThat(api.writes()).containsExactly("delete pods default/b");
  }

  @Test
  void anOwnerRecreatedUnderTheSameNameDoesNotHoldTheOldOnesDependents() throws Exception {
    ReplicaSet before = replicaSet("web", 1, LABELS);
    api.seed(replicaSet("web", 1, LABELS)); // same name, new uid
    api.seed(ownedBy(pod("a", LABELS), before));
    start();

    drain();

    assertThat(api.writes()).containsExactly("delete pods default/a");
  }

  @Test
  void aDependentWithAnotherLiveOwnerOnlyLosesTheDanglingReference() throws Exception {
    ReplicaSet live = api.seed(replicaSet("live", 1, LABELS));
    OwnerReference gone = goneOwner("ReplicaSet", "apps/v1", "old").toBuilder().setController(false).build();
    api.seed(withOwner(ownedBy(pod("shared", LABELS), live), gone));
    start();

    drain();

    assertThat(api.writes()).containsExactly("update pods default/shared");
    assertThat(stored(Pod.class, "shared").getMetadata().getOwnerReferencesList())
        .extracting(OwnerReference::getUid).containsExactly(live.getMetadata().getUid());
  }

  @Test
  void orphanPropagationStripsReferencesThenReleasesTheOwner() throws Exception {
    ReplicaSet rs = api.seed(deleting(replicaSet("web", 2, LABELS), GarbageCollector.ORPHAN_FINALIZER));
    ReplicaSet other = api.seed(replicaSet("other", 1, LABELS));
    api.seed(ownedBy(pod("a", LABELS), rs));
    api.seed(withOwner(ownedBy(pod("b", LABELS), rs),
        OwnerReferences.newControllerRef(other).toBuilder().setController(false).build()));
    start();

    drain();

    List<String> writes = api.writes();
    assertThat(writes).containsExactlyInAnyOrder("update pods default/a", "update pods default/b",
        "update replicasets default/web");
    assertThat(writes.get(2)).isEqualTo("update replicasets default/web");
    assertThat(stored(Pod.class, "a").getMetadata().getOwnerReferencesList()).isEmpty();
    assertThat(stored(Pod.class, "b").getMetadata().getOwnerReferencesList())
        .extracting(OwnerReference::getUid).containsExactly(other.getMetadata().getUid());
    assertThat(stored(ReplicaSet.class, "web").getMetadata().getFinalizersList()).isEmpty();

    // Nothing left to do: once the caches show the result, another pass over every object writes nothing.
    await().atMost(TIMEOUT).until(() -> informers.informer(ReplicaSet.class).lister().get(NS, "web").orElseThrow()
        .getMetadata().getFinalizersCount() == 0
        && informers.informer(Pod.class).lister().get(NS, "a").orElseThrow().getMetadata().getOwnerReferencesCount() == 0);
    for (String key : List.of("replicasets:default/web", "pods:default/a", "pods:default/b")) {
      gc.sync(key);
    }
    assertThat(api.writes()).hasSize(3);
  }

  @Test
  void foregroundDeletesDependentsAndWaitsForBlockingOnesBeforeDroppingTheFinalizer() throws Exception {
    ReplicaSet rs = api.seed(deleting(replicaSet("web", 3, LABELS), GarbageCollector.FOREGROUND_FINALIZER));
    api.seed(ownedBy(pod("blocking", LABELS), rs));
    OwnerReference nonBlocking = OwnerReferences.newControllerRef(rs).toBuilder().setBlockOwnerDeletion(false).build();
    api.seed(withOwner(pod("non-blocking", LABELS), nonBlocking));
    api.seed(terminating(ownedBy(pod("still-terminating", LABELS), rs)));
    start();

    drain();

    assertThat(api.writes()).containsExactlyInAnyOrder("delete pods default/blocking", "delete pods default/non-blocking");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      drain();
      assertThat(informers.informer(Pod.class).lister().list()).hasSize(1);
    });
    drain();
    assertThat(api.writes()).hasSize(2); // the terminating pod still blocks

    client(api).resource(Pod.class).delete(NS, "still-terminating"); // as the kubelet finishing
    await().atMost(TIMEOUT).untilAsserted(() -> {
      drain();
      assertThat(api.writes()).last().isEqualTo("update replicasets default/web");
    });
    assertThat(stored(ReplicaSet.class, "web").getMetadata().getFinalizersList()).isEmpty();
  }

  @Test
  void foregroundRecursesIntoDependentsThatHaveDependents() throws Exception {
    Deployment d = api.seed(deleting(deployment("web", 1, LABELS), GarbageCollector.FOREGROUND_FINALIZER));
    ReplicaSet rs = api.seed(ownedBy(replicaSet("web-1", 1, LABELS), d));
    api.seed(ownedBy(pod("web-1-a", LABELS), rs));
    start();

    drain();

    // The ReplicaSet has pods: it is deleted in the foreground too (the real API server would then
    // hold it with its own foregroundDeletion finalizer until the pods are gone).
    List<DeleteRequest> deletes = channel.requests(DeleteRequest.class).stream()
        .filter(r -> r.getResource().equals("replicasets")).toList();
    assertThat(deletes).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getName()).isEqualTo("web-1");
      assertThat(r.getPropagationPolicy()).isEqualTo("Foreground");
      assertThat(r.getPreconditionUid()).isEqualTo(rs.getMetadata().getUid());
    });

    // The fake server (no finalizers) deleted it at once: its pod is now dangling and the Deployment
    // is free, in either order. The real server's ordering is covered by ReplicaSetAndGarbageCollectorIT.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      drain();
      assertThat(api.writes()).hasSize(3);
    });
    assertThat(api.writes().get(0)).isEqualTo("delete replicasets default/web-1");
    assertThat(api.writes()).containsExactlyInAnyOrder("delete replicasets default/web-1",
        "delete pods default/web-1-a", "update deployments default/web");
    assertThat(stored(Deployment.class, "web").getMetadata().getFinalizersList()).isEmpty();
  }

  @Test
  void objectsWithLiveOwnersAreLeftAloneOnEverySync() throws Exception {
    Deployment d = api.seed(deployment("web", 1, LABELS));
    ReplicaSet rs = api.seed(ownedBy(replicaSet("web-1", 1, LABELS), d));
    api.seed(ownedBy(pod("web-1-a", LABELS), rs));
    api.seed(terminating(ownedBy(pod("web-1-b", LABELS), rs)));
    start();

    drain();
    for (String key : List.of("deployments:default/web", "replicasets:default/web-1", "pods:default/web-1-a",
        "pods:default/web-1-b", "pods:default/missing")) {
      gc.sync(key);
    }

    assertThat(api.writes()).isEmpty();
    assertThat(channel.calls("Get")).isZero();
  }

  @Test
  void anOwnerRestoredWithItsOldUidHoldsItsDependentsAgain() throws Exception {
    Deployment d = api.seed(deployment("web", 1, LABELS));
    ReplicaSet rs = api.seed(ownedBy(replicaSet("web-1", 1, LABELS), d));
    start();
    client(api).resource(Deployment.class).delete(NS, "web");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      drain();
      assertThat(api.writes()).containsExactly("delete deployments default/web", "delete replicasets default/web-1");
    });

    // An etcd restore: both come back with the uids they had, the history is compacted, every watch expires.
    api.holdWatches(true);
    api.dropWatches();
    api.seed(d);
    api.seed(rs);
    api.compact();
    api.holdWatches(false);
    await("the collector's caches relisted").atMost(TIMEOUT).until(() ->
        informers.informer(ReplicaSet.class).lister().get(NS, "web-1").isPresent()
            && informers.informer(Deployment.class).lister().get(NS, "web").isPresent());
    drain();

    // The Deployment was remembered as absent when its ReplicaSet was collected; restored, it holds it again.
    assertThat(api.writes()).hasSize(2);
    assertThat(stored(ReplicaSet.class, "web-1").getMetadata().getUid()).isEqualTo(rs.getMetadata().getUid());
  }
}
