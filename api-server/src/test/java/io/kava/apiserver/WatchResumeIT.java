package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.apiserver.testing.EventCollector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchEvent.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Watches resume across API server restarts from any revision in the window; older ones expire. */
class WatchResumeIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static EtcdContainer etcd;

  @BeforeAll
  static void start() {
    etcd = EtcdContainer.start(); // its own: this test compacts etcd
  }

  @AfterAll
  static void stop() {
    etcd.close();
  }

  private static ConfigMap cm(String ns, String name, int value) {
    return Fixtures.configMap(ns, name).toBuilder().putData("counter", Integer.toString(value)).build();
  }

  @Test
  void watchResumesWithoutGapsOrDuplicatesAcrossAnApiServerRestart() {
    try (ApiServerHarness first = ApiServerHarness.start(etcd)) {
      KavaClient client = first.client();
      client.resource(Namespace.class).create(Fixtures.namespace("resume"));
      var rc = client.resource(ConfigMap.class);
      String listed = rc.list(ListOptions.inNamespace("resume")).resourceVersion();

      EventCollector<ConfigMap> before = new EventCollector<>();
      String lastSeen;
      try (Watch w = rc.watch(ListOptions.inNamespace("resume"), listed, before)) {
        for (int i = 0; i < 5; i++) {
          rc.create(cm("resume", "a" + i, i));
        }
        assertThat(before.awaitEvents(5, WAIT)).hasSize(5);
        lastSeen = before.events().get(4).resourceVersion();
      }
      first.stop();

      // Meanwhile a second API server instance changes things.
      List<String> expected = new ArrayList<>();
      try (ApiServerHarness second = ApiServerHarness.start(etcd)) {
        var rc2 = second.client().resource(ConfigMap.class);
        for (int i = 5; i < 10; i++) {
          expected.add("ADDED " + rc2.create(cm("resume", "a" + i, i)).getMetadata().getResourceVersion());
        }
        ConfigMap a0 = rc2.get("resume", "a0");
        expected.add("MODIFIED " + rc2.update(a0.toBuilder().putData("counter", "100").build()).getMetadata().getResourceVersion());
        expected.add("DELETED " + rc2.delete("resume", "a1").getMetadata().getResourceVersion());
      }

      first.restart();
      EventCollector<ConfigMap> after = new EventCollector<>();
      try (Watch w = rc.watch(ListOptions.inNamespace("resume"), lastSeen, after)) {
        after.awaitEvents(expected.size(), WAIT);
        rc.create(cm("resume", "b", 0));
        List<WatchEvent<ConfigMap>> got = after.awaitEvents(expected.size() + 1, WAIT);
        List<String> seen = got.stream().map(e -> e.type() + " " + e.resourceVersion()).toList();
        assertThat(seen.subList(0, expected.size())).isEqualTo(expected);
        assertThat(got.get(expected.size()).object().getMetadata().getName()).isEqualTo("b");
        assertThat(got).extracting(e -> Long.parseLong(e.resourceVersion())).isSorted().doesNotHaveDuplicates();
        assertThat(got.get(5).object().getDataMap()).containsEntry("counter", "100");
        assertThat(got.get(6).type()).isEqualTo(Type.DELETED);
        assertThat(got.get(6).object().getMetadata().getName()).isEqualTo("a1");
      }
    }
  }

  @Test
  void revisionsOlderThanACompactionAreExpiredSoClientsRelist() {
    try (ApiServerHarness api = ApiServerHarness.start(etcd)) {
      KavaClient client = api.client();
      client.resource(Namespace.class).create(Fixtures.namespace("expire"));
      var rc = client.resource(ConfigMap.class);
      String old = rc.list(ListOptions.inNamespace("expire")).resourceVersion();
      ConfigMap c = rc.create(cm("expire", "c", 0));
      for (int i = 1; i <= 5; i++) {
        c = rc.update(c.toBuilder().putData("counter", Integer.toString(i)).build());
      }
      etcd.compactNow();
      api.restart(); // a fresh cache starts after the compaction

      EventCollector<ConfigMap> events = new EventCollector<>();
      rc.watch(ListOptions.inNamespace("expire"), old, events);
      ApiException e = events.awaitClose(WAIT);
      assertThat(e.code()).isEqualTo(Status.Code.OUT_OF_RANGE);
      assertThat(e.reason()).isEqualTo("Expired");
      assertThat(e.isExpired()).isTrue();

      // The relist-and-watch a client does next works.
      String fresh = rc.list(ListOptions.inNamespace("expire")).resourceVersion();
      EventCollector<ConfigMap> again = new EventCollector<>();
      try (Watch w = rc.watch(ListOptions.inNamespace("expire"), fresh, again)) {
        rc.update(rc.get("expire", "c").toBuilder().putData("counter", "6").build());
        assertThat(again.awaitEvents(1, WAIT)).extracting(WatchEvent::type).containsExactly(Type.MODIFIED);
      }
    }
  }

  @Test
  void revisionsOlderThanTheCacheWindowAreExpired() {
    try (ApiServerHarness api = ApiServerHarness.start(etcd, c -> c.withWatchCacheSize(10))) {
      KavaClient client = api.client();
      client.resource(Namespace.class).create(Fixtures.namespace("window"));
      var rc = client.resource(ConfigMap.class);
      String old = rc.list(ListOptions.inNamespace("window")).resourceVersion();
      for (int i = 0; i < 20; i++) {
        rc.create(cm("window", "w" + i, i));
      }
      String last = rc.list(ListOptions.inNamespace("window")).resourceVersion();
      org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
          api.server().watchCaches().of(io.kava.client.Kinds.CONFIG_MAP).revision() >= Long.parseLong(last));
      EventCollector<ConfigMap> events = new EventCollector<>();
      rc.watch(ListOptions.inNamespace("window"), old, events);
      assertThat(events.awaitClose(WAIT).isExpired()).isTrue();
    }
  }
}
