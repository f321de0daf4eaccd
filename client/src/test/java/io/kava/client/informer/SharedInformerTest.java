package io.kava.client.informer;

import static io.kava.client.testing.Fixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.ConfigMap;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedInformerTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<ConfigMap> configMaps = client.resource(ConfigMap.class);
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private SharedInformer<ConfigMap> informer;

  @AfterEach
  void tearDown() {
    if (informer != null) {
      informer.close();
    }
    client.close();
    api.close();
  }

  private void startInformer() throws InterruptedException {
    informer = new SharedInformer<>(configMaps, ListOptions.all());
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        seen.add("add " + o.getMetadata().getName() + "=" + o.getDataOrThrow("value"));
      }

      @Override
      public void onUpdate(ConfigMap old, ConfigMap o) {
        seen.add("update " + o.getMetadata().getName() + "=" + o.getDataOrThrow("value"));
      }

      @Override
      public void onDelete(ConfigMap o) {
        seen.add("delete " + o.getMetadata().getName());
      }
    });
    informer.start();
    assertThat(informer.waitForSync(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void listsThenFollowsChangesInOrder() throws Exception {
    api.seed(configMap("default", "a", "1"));
    startInformer();
    assertThat(informer.lister().get("default", "a")).isPresent();

    configMaps.create(configMap("default", "b", "1"));
    ConfigMap a = configMaps.get("default", "a");
    configMaps.update(a.toBuilder().putData("value", "2").build());
    configMaps.delete("default", "b");

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 4);
    assertThat(seen).containsExactly("add a=1", "add b=1", "update a=2", "delete b");
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName()).containsExactly("a");
    assertThat(informer.lister().get("default/a").orElseThrow().getDataOrThrow("value")).isEqualTo("2");
  }

  @Test
  void resumesFromLastRevisionAfterStreamLossWithoutDuplicates() throws Exception {
    startInformer();
    configMaps.create(configMap("default", "a", "1"));
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);

    api.dropWatches();
    configMaps.create(configMap("default", "b", "1")); // happens while the informer is disconnected

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 2);
    configMaps.create(configMap("default", "c", "1"));
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 3);
    assertThat(seen).containsExactly("add a=1", "add b=1", "add c=1");
  }

  @Test
  void relistsWhenRevisionExpiredAndConverges() throws Exception {
    api.seed(configMap("default", "a", "1"));
    api.seed(configMap("default", "gone", "1"));
    startInformer();

    api.dropWatches();
    // While disconnected: a changes, gone is deleted, c appears; then history is compacted away.
    ConfigMap a = configMaps.get("default", "a");
    configMaps.update(a.toBuilder().putData("value", "2").build());
    configMaps.delete("default", "gone");
    configMaps.create(configMap("default", "c", "1"));
    api.compact();

    // The informer may reconnect before the compaction and hear the changes one by one: after a=2 alone the
    // store also holds two objects (a, gone), so wait for the whole converged state, c included.
    await().atMost(Duration.ofSeconds(30)).until(() -> informer.lister().list().size() == 2
        && informer.lister().get("default", "c").isPresent()
        && informer.lister().get("default", "a").map(c -> c.getDataOrDefault("value", "")).orElse("").equals("2"));
    assertThat(informer.lister().get("default", "gone")).isEmpty();
    // Handlers hear of a change after the store has it, on the informer's own thread.
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(seen).contains("update a=2", "delete gone", "add c=1"));
  }

  @Test
  void firstListIsServedFromTheWatchCacheAndARelistAfterExpiryIsNotOlderThanTheLastRevisionSeen() throws Exception {
    api.seed(configMap("default", "a", "1"));
    startInformer();
    assertThat(api.listResourceVersions()).containsExactly("0");
    String lastSeen = Long.toString(api.revision());

    api.holdWatches(true);
    api.dropWatches();
    ConfigMap a = configMaps.get("default", "a");
    configMaps.update(a.toBuilder().putData("value", "2").build());
    api.compact();
    api.holdWatches(false);

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("update a=2"));
    assertThat(api.listResourceVersions()).containsExactly("0", lastSeen);
    configMaps.create(configMap("default", "b", "1"));
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 3);
    assertThat(seen).containsExactly("add a=1", "update a=2", "add b=1");
  }

  @Test
  void aRelistRefusedAtTheLastRevisionListsTheLatestAndConverges() throws Exception {
    api.seed(configMap("default", "a", "1"));
    startInformer();
    String lastSeen = Long.toString(api.revision());
    api.refuseListsAtRevisions();

    api.holdWatches(true);
    api.dropWatches();
    ConfigMap a = configMaps.get("default", "a");
    configMaps.update(a.toBuilder().putData("value", "2").build());
    api.compact();
    api.holdWatches(false);

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("update a=2"));
    assertThat(api.listResourceVersions()).containsExactly("0", lastSeen, "");
    // The watch from the fallback list's revision still sees every later change.
    configMaps.create(configMap("default", "b", "1"));
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 3);
    assertThat(seen).containsExactly("add a=1", "update a=2", "add b=1");
  }

  @Test
  void handlerAddedAfterSyncHearsOfCachedObjects() throws Exception {
    api.seed(configMap("default", "a", "1"));
    startInformer();
    List<String> late = new CopyOnWriteArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        late.add(o.getMetadata().getName());
      }
    });
    assertThat(late).containsExactly("a");
  }

  @Test
  void indexesByCustomFunction() throws Exception {
    api.seed(configMap("default", "a", "x"));
    api.seed(configMap("other", "b", "x"));
    api.seed(configMap("other", "c", "y"));
    informer = new SharedInformer<>(configMaps, ListOptions.all());
    informer.addIndex("byValue", c -> List.of(c.getDataOrThrow("value")));
    informer.start();
    assertThat(informer.waitForSync(Duration.ofSeconds(5))).isTrue();

    assertThat(informer.lister().byIndex("byValue", "x")).hasSize(2);
    assertThat(informer.lister().list("other")).hasSize(2);
    ConfigMap c = configMaps.get("other", "c");
    configMaps.update(c.toBuilder().putData("value", "x").build());
    await().atMost(Duration.ofSeconds(20)).until(() -> informer.lister().byIndex("byValue", "x").size() == 3);
    assertThat(informer.lister().byIndex("byValue", "y")).isEmpty();
  }
}
