package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.testing.EventCollector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchEvent.Type;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watch through the watch cache: order, resume, selectors, expiry, outages. */
class WatchTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private InProcessApi api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static ConfigMap cm(String name, String value) {
    return Fixtures.configMap("default", name).toBuilder().putData("counter", value).build();
  }

  @Test
  void watchFromAListRevisionSeesEveryChangeInOrderOnce() {
    api = new InProcessApi();
    var rc = api.client.resource(ConfigMap.class);
    String listed = rc.list(ListOptions.inNamespace("default")).resourceVersion();
    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.inNamespace("default"), listed, events)) {
      ConfigMap a = rc.create(cm("a", "0"));
      ConfigMap a1 = rc.update(a.toBuilder().putData("counter", "1").build());
      ConfigMap b = rc.create(cm("b", "0"));
      ConfigMap gone = rc.delete("default", "a");
      List<WatchEvent<ConfigMap>> got = events.awaitEvents(4, WAIT);
      assertThat(got).extracting(WatchEvent::type).containsExactly(Type.ADDED, Type.MODIFIED, Type.ADDED, Type.DELETED);
      assertThat(got.get(0).object()).isEqualTo(a);
      assertThat(got.get(1).object()).isEqualTo(a1);
      assertThat(got.get(2).object()).isEqualTo(b);
      assertThat(got.get(3).object().getDataMap()).containsEntry("counter", "1");
      assertThat(got.get(3).resourceVersion()).isEqualTo(gone.getMetadata().getResourceVersion());
      assertThat(got.get(3).object().getMetadata().getResourceVersion()).isEqualTo(gone.getMetadata().getResourceVersion());
      assertThat(got).extracting(e -> Long.parseLong(e.resourceVersion())).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void resumingFromAnyRevisionReplaysExactlyTheRest() {
    api = new InProcessApi();
    var rc = api.client.resource(ConfigMap.class);
    String start = rc.list(ListOptions.all()).resourceVersion();
    ConfigMap c = rc.create(cm("c", "0"));
    for (int i = 1; i <= 10; i++) {
      c = rc.update(c.toBuilder().putData("counter", Integer.toString(i)).build());
    }
    EventCollector<ConfigMap> all = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.all(), start, all)) {
      assertThat(all.awaitEvents(11, WAIT)).hasSize(11);
    }
    String middle = all.events().get(4).resourceVersion();
    EventCollector<ConfigMap> rest = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.all(), middle, rest)) {
      List<WatchEvent<ConfigMap>> got = rest.awaitEvents(6, WAIT);
      assertThat(got).isEqualTo(all.events().subList(5, 11));
    }
  }

  @Test
  void emptyResourceVersionStartsWithTheCurrentObjects() {
    api = new InProcessApi();
    var rc = api.client.resource(ConfigMap.class);
    ConfigMap x = rc.create(cm("x", "0"));
    ConfigMap y = rc.create(cm("y", "0"));
    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.inNamespace("default"), "", events)) {
      events.awaitEvents(2, WAIT);
      ConfigMap z = rc.create(cm("z", "0"));
      List<WatchEvent<ConfigMap>> got = events.awaitEvents(3, WAIT);
      assertThat(got).extracting(WatchEvent::type).containsExactly(Type.ADDED, Type.ADDED, Type.ADDED);
      assertThat(got).extracting(WatchEvent::object).containsExactly(x, y, z);
    }
  }

  @Test
  void selectorsTurnMovesOutOfTheSelectionIntoDeletesAndMovesInIntoAdds() {
    api = new InProcessApi();
    var rc = api.client.resource(Pod.class);
    String rv = rc.list(ListOptions.all()).resourceVersion();
    EventCollector<Pod> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.all().withLabelSelector("tier=db"), rv, events)) {
      Pod p = rc.create(Fixtures.pod("default", "p"));
      Pod in = rc.update(p.toBuilder().setMetadata(p.getMetadata().toBuilder().putLabels("tier", "db")).build());
      Pod in2 = rc.update(in.toBuilder().setMetadata(in.getMetadata().toBuilder().putLabels("v", "2")).build());
      Pod out = rc.update(in2.toBuilder().setMetadata(in2.getMetadata().toBuilder().putLabels("tier", "web")).build());
      rc.delete("default", "p");
      List<WatchEvent<Pod>> got = events.awaitEvents(3, WAIT);
      await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> events.events().size() == 3);
      assertThat(got).extracting(WatchEvent::type).containsExactly(Type.ADDED, Type.MODIFIED, Type.DELETED);
      assertThat(got.get(0).object()).isEqualTo(in);
      assertThat(got.get(2).object().getMetadata().getLabelsMap()).containsEntry("tier", "db");
      assertThat(got.get(2).resourceVersion()).isEqualTo(out.getMetadata().getResourceVersion());
    }
  }

  @Test
  void fieldSelectorsFilterWatches() {
    api = new InProcessApi();
    var rc = api.client.resource(Pod.class);
    EventCollector<Pod> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.all().withFieldSelector("spec.nodeName=node-1"), "", events)) {
      rc.create(Fixtures.pod("default", "a"));
      rc.create(Fixtures.pod("default", "b"));
      Pod bound = rc.bind("default", "b", "node-1");
      List<WatchEvent<Pod>> got = events.awaitEvents(1, WAIT);
      assertThat(got).extracting(WatchEvent::type).containsExactly(Type.ADDED);
      assertThat(got.get(0).object()).isEqualTo(bound);
    }
  }

  @Test
  void revisionsOlderThanTheWindowAreExpired() {
    api = new InProcessApi(c -> c.withWatchCacheSize(5));
    var rc = api.client.resource(ConfigMap.class);
    String old = rc.list(ListOptions.all()).resourceVersion();
    ConfigMap c = rc.create(cm("e", "0"));
    for (int i = 1; i <= 10; i++) {
      c = rc.update(c.toBuilder().putData("counter", Integer.toString(i)).build());
    }
    String last = c.getMetadata().getResourceVersion();
    await().atMost(WAIT).until(() -> api.server.watchCaches().of(io.kava.client.Kinds.CONFIG_MAP).revision() >= Long.parseLong(last));
    EventCollector<ConfigMap> events = new EventCollector<>();
    rc.watch(ListOptions.all(), old, events);
    ApiException e = events.awaitClose(WAIT);
    assertThat(e.code()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(e.isExpired()).isTrue();
    assertThat(e.reason()).isEqualTo("Expired");
    assertThat(e.getMessage()).startsWith("too old resource version: " + old);
  }

  @Test
  void bookmarksCarryTheCacheRevision() {
    api = new InProcessApi();
    var rc = api.client.resource(ConfigMap.class);
    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.inNamespace("kube-system"), "", events)) {
      ConfigMap elsewhere = rc.create(cm("other", "0"));
      await().atMost(WAIT).until(() -> events.bookmarks().stream()
          .anyMatch(b -> Long.parseLong(b.resourceVersion()) >= Long.parseLong(elsewhere.getMetadata().getResourceVersion())));
      assertThat(events.events()).isEmpty();
    }
  }

  /** Regression: a watch opened after the last change of an idle resource used to get no bookmark at all. */
  @Test
  void aWatchOpenedAfterTheLastChangeGetsABookmarkAtTheCurrentRevision() {
    api = new InProcessApi();
    var rc = api.client.resource(ConfigMap.class);
    ConfigMap elsewhere = rc.create(cm("other", "0"));
    long written = Long.parseLong(elsewhere.getMetadata().getResourceVersion());
    await().atMost(WAIT).until(() -> api.server.watchCaches().of(io.kava.client.Kinds.CONFIG_MAP).revision() >= written);
    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.inNamespace("kube-system"), "", events)) {
      await().atMost(WAIT).until(() -> events.bookmarks().stream()
          .anyMatch(b -> Long.parseLong(b.resourceVersion()) >= written));
      assertThat(events.events()).isEmpty();
    }
  }

  @Test
  void watchesContinueWithoutGapsAcrossAStorageOutage() {
    api = new InProcessApi(c -> c);
    var rc = api.client.resource(ConfigMap.class);
    String rv = rc.list(ListOptions.all()).resourceVersion();
    EventCollector<ConfigMap> events = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.all(), rv, events)) {
      rc.create(cm("before", "0"));
      events.awaitEvents(1, WAIT);
      api.storage.setAvailable(false);
      api.storage.setAvailable(true);
      await().atMost(WAIT).ignoreExceptions().until(() -> rc.create(cm("after", "0")) != null);
      rc.create(cm("after2", "0"));
      List<WatchEvent<ConfigMap>> got = events.awaitEvents(3, WAIT);
      assertThat(got).extracting(e -> e.object().getMetadata().getName()).containsExactly("before", "after", "after2");
      assertThat(events.isClosed()).isFalse();
    }
  }

  @Test
  void compactionPastTheCacheExpiresItsWatchers() {
    api = new InProcessApi(c -> c);
    var rc = api.client.resource(ConfigMap.class);
    EventCollector<ConfigMap> events = new EventCollector<>();
    rc.watch(ListOptions.all(), "", events);
    api.storage.setAvailable(false);
    api.storage.setAvailable(true);
    // While the cache waits to resume, history it has not read is compacted away.
    ConfigMap a = rc.create(cm("a", "0"));
    api.storage.compact(Long.parseLong(a.getMetadata().getResourceVersion()) + 1 > 0
        ? Long.parseLong(a.getMetadata().getResourceVersion()) : 1);
    rc.create(cm("b", "0"));
    ApiException e = events.awaitClose(WAIT);
    assertThat(e.isExpired()).isTrue();
    EventCollector<ConfigMap> again = new EventCollector<>();
    try (Watch w = rc.watch(ListOptions.all(), "", again)) {
      assertThat(again.awaitEvents(2, WAIT)).extracting(ev -> ev.object().getMetadata().getName()).containsExactly("a", "b");
    }
  }

  @Test
  void badResourceVersionIsABadRequest() {
    api = new InProcessApi();
    EventCollector<ConfigMap> events = new EventCollector<>();
    api.client.resource(ConfigMap.class).watch(ListOptions.all(), "abc", events);
    ApiException e = events.awaitClose(WAIT);
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

}
