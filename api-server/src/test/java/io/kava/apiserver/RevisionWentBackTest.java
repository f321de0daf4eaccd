package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Service;
import io.kava.apiserver.testing.EventCollector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Watch;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * etcd restored from a snapshot or emptied under a running API server: the store's revision goes back
 * below what the watch cache and its clients have seen. The cache reloads and expires every watch, a
 * watch from a revision the store has not reached is expired rather than left hanging, informers relist
 * and replace their caches although revisions are lower, and the bootstrap objects come back.
 */
class RevisionWentBackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private InProcessApi api;
  private ResourceClient<ConfigMap> configMaps;
  private SharedInformer<ConfigMap> informer;

  @BeforeEach
  void start() {
    api = new InProcessApi(c -> c.withServices(ServicesConfig.defaults().withKubernetesServiceInterval(Duration.ofMillis(100))));
    configMaps = api.client.resource(ConfigMap.class);
  }

  @AfterEach
  void stop() {
    if (informer != null) {
      informer.close();
    }
    api.close();
  }

  private static ConfigMap cm(String name, String value) {
    return Fixtures.configMap("default", name).toBuilder().putData("v", value).build();
  }

  @Test
  void aRestoreEndsEveryWatchWithExpiredAndTheCacheServesTheSnapshot() {
    configMaps.create(cm("kept", "1"));
    InMemoryStorage.Snapshot snapshot = api.storage.save();
    configMaps.create(cm("after", "1"));
    String latest = configMaps.list(ListOptions.inNamespace("default")).resourceVersion();
    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = configMaps.watch(ListOptions.inNamespace("default"), latest, events)) {
      api.storage.restore(snapshot);
      ApiException closed = events.awaitClose(WAIT);
      assertThat(closed).isNotNull();
      assertThat(closed.isExpired()).isTrue();
    }
    EventCollector<ConfigMap> fresh = new EventCollector<>();
    try (Watch w = configMaps.watch(ListOptions.inNamespace("default"), "0", fresh)) {
      assertThat(fresh.awaitEvents(1, WAIT)).extracting(e -> e.object().getMetadata().getName()).containsExactly("kept");
    }
  }

  @Test
  void aWatchFromARevisionTheStoreHasNotReachedIsExpiredAtOnce() {
    configMaps.create(cm("a", "1"));
    InMemoryStorage.Snapshot snapshot = api.storage.save();
    for (int i = 0; i < 5; i++) {
      configMaps.create(cm("b" + i, "1"));
    }
    String seenBeforeRestore = configMaps.list(ListOptions.all()).resourceVersion();
    api.storage.restore(snapshot);
    await().atMost(WAIT).until(() -> api.server.watchCaches().of(io.kava.client.Kinds.CONFIG_MAP).revision() <= snapshot.revision());

    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = configMaps.watch(ListOptions.all(), seenBeforeRestore, events)) {
      ApiException closed = events.awaitClose(WAIT);
      assertThat(closed).isNotNull();
      assertThat(closed.isExpired()).isTrue();
      assertThat(closed.getMessage()).contains("too large resource version");
    }
    assertThat(events.events()).isEmpty();
  }

  @Test
  void anInformerReplacesItsCacheWithTheRestoredObjectsAlthoughTheirRevisionsAreLower() throws Exception {
    configMaps.create(cm("kept", "1"));
    ConfigMap changed = configMaps.create(cm("changed", "1"));
    ConfigMap deletedAfter = configMaps.create(cm("deleted-after", "1"));
    InMemoryStorage.Snapshot snapshot = api.storage.save();

    List<String> seen = new CopyOnWriteArrayList<>();
    informer = new SharedInformer<>(configMaps, ListOptions.inNamespace("default"));
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        seen.add("add " + o.getMetadata().getName() + "=" + o.getDataOrDefault("v", ""));
      }

      @Override
      public void onUpdate(ConfigMap old, ConfigMap o) {
        seen.add("update " + o.getMetadata().getName() + "=" + o.getDataOrDefault("v", ""));
      }

      @Override
      public void onDelete(ConfigMap o) {
        seen.add("delete " + o.getMetadata().getName());
      }

      @Override
      public void onRevisionWentBack() {
        seen.add("went back");
      }
    });
    informer.start();
    assertThat(informer.waitForSync(WAIT)).isTrue();
    configMaps.create(cm("created-after", "1"));
    configMaps.update(changed.toBuilder().putData("v", "2").build());
    configMaps.delete("default", deletedAfter.getMetadata().getName());
    await().atMost(WAIT).until(() -> seen.contains("delete deleted-after"));
    seen.clear();

    api.storage.restore(snapshot);

    await().atMost(WAIT).untilAsserted(() -> assertThat(seen)
        .contains("delete created-after", "update changed=1", "add deleted-after=1", "went back"));
    // Handlers hear of the rewind after the cache was replaced.
    assertThat(seen.indexOf("went back")).isGreaterThan(seen.indexOf("update changed=1"));
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("kept", "changed", "deleted-after");
    assertThat(seen).doesNotContain("update kept=1", "add kept=1");
    // Writes after the restore reach the informer (it watches the restored store, not the old history).
    configMaps.create(cm("new", "1"));
    await().atMost(WAIT).until(() -> seen.contains("add new=1"));
  }

  @Test
  void anEmptiedStoreGetsItsSystemNamespacesAndTheKubernetesServiceBack() {
    // Namespaces change rarely: the new store passes their cache's revision at once, yet the cache reloads.
    String listed = api.client.resource(Namespace.class).list(ListOptions.all()).resourceVersion();
    EventCollector<Namespace> namespaceWatch = new EventCollector<>();
    Watch watch = api.client.resource(Namespace.class).watch(ListOptions.all(), listed, namespaceWatch);
    await().atMost(WAIT).until(() -> api.storage.snapshot().keySet().stream().anyMatch(k -> k.endsWith("store-epoch")));
    api.storage.wipe();
    ApiException closed = namespaceWatch.awaitClose(WAIT);
    watch.close();
    assertThat(closed).isNotNull();
    assertThat(closed.isExpired()).isTrue();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(api.client.resource(Namespace.class).list(ListOptions.all()).items())
          .extracting(n -> n.getMetadata().getName())
          .contains("default", "kube-system", "kube-public", "kube-node-lease");
      assertThat(api.client.resource(Service.class).get("default", "kubernetes").getSpec().getClusterIp()).isEqualTo("10.96.0.1");
    });
    // And a create in default works again.
    assertThat(configMaps.create(cm("works", "1")).getMetadata().getNamespace()).isEqualTo("default");
  }

  @Test
  void aPassWithNothingMissingOnlyReads() {
    await().atMost(WAIT).until(() -> api.storage.snapshot().keySet().stream().anyMatch(k -> k.endsWith("store-epoch")));
    int writes = api.storage.writes();
    // Five passes at 100 ms: none writes.
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> api.storage.writes() == writes);
  }
}
