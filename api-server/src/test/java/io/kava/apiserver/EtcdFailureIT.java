package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.EventCollector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd going away: answers UNAVAILABLE quickly, keeps running, recovers; a 3-member cluster survives a member loss. */
class EtcdFailureIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static ConfigMap cm(String ns, String name) {
    return Fixtures.configMap(ns, name);
  }

  @Test
  void unreachableEtcdIsUnavailableQuicklyAndTheServerRecovers() {
    try (EtcdContainer etcd = EtcdContainer.start();
         ApiServerHarness api = ApiServerHarness.start(etcd, c -> c.withEtcdRequestTimeout(Duration.ofSeconds(2)))) {
      KavaClient client = api.client();
      client.resource(Namespace.class).create(Fixtures.namespace("outage"));
      var rc = client.resource(ConfigMap.class);
      String rv = rc.list(ListOptions.inNamespace("outage")).resourceVersion();
      EventCollector<ConfigMap> events = new EventCollector<>();
      try (Watch w = rc.watch(ListOptions.inNamespace("outage"), rv, events)) {
        rc.create(cm("outage", "before"));
        events.awaitEvents(1, WAIT);

        etcd.pause();
        long start = System.nanoTime();
        ApiException e;
        try {
          rc.create(cm("outage", "during"));
          throw new AssertionError("a write while etcd is frozen succeeded");
        } catch (ApiException failed) {
          e = failed;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.reason()).isEqualTo("ServiceUnavailable");
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        etcd.unpause();

        await().atMost(WAIT).ignoreExceptions().until(() -> rc.create(cm("outage", "after")) != null);
        List<WatchEvent<ConfigMap>> got = events.awaitEvents(2, WAIT);
        List<String> names = new ArrayList<>(got.stream().map(ev -> ev.object().getMetadata().getName()).toList());
        // "during" may or may not have been written before the freeze; either way no gap, no duplicate.
        names.remove("during");
        assertThat(names).containsExactly("before", "after");
        assertThat(got).extracting(ev -> Long.parseLong(ev.resourceVersion())).isSorted().doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void aServerStartedWhileEtcdIsDownKeepsRunningAndComesUpWithIt() {
    try (EtcdContainer etcd = EtcdContainer.start()) {
      etcd.pause();
      io.kava.apiserver.ApiServerConfig config = io.kava.apiserver.ApiServerConfig.defaults(etcd.endpoints())
          .withListen(new java.net.InetSocketAddress("127.0.0.1", ApiServerHarness.freePort()))
          .withEtcdRequestTimeout(Duration.ofSeconds(2))
          .withCompactionInterval(Duration.ZERO);
      try (ApiServer server = new ApiServer(config).start();
           KavaClient client = KavaClient.connect("127.0.0.1:" + server.port())) {
        var rc = client.resource(ConfigMap.class);
        ApiException down = null;
        try {
          rc.list(ListOptions.all());
        } catch (ApiException e) {
          down = e;
        }
        assertThat(down).isNotNull();
        assertThat(down.code()).isEqualTo(Status.Code.UNAVAILABLE);
        EventCollector<ConfigMap> events = new EventCollector<>();
        rc.watch(ListOptions.all(), "", events);
        assertThat(events.awaitClose(WAIT).code()).as("watch cache not ready").isEqualTo(Status.Code.UNAVAILABLE);

        etcd.unpause();
        await().atMost(WAIT).until(server::systemNamespacesReady);
        EventCollector<ConfigMap> later = new EventCollector<>();
        try (Watch w = rc.watch(ListOptions.all(), "", later)) {
          rc.create(cm("default", "after-boot"));
          assertThat(later.awaitEvents(1, WAIT)).extracting(ev -> ev.object().getMetadata().getName()).containsExactly("after-boot");
        }
      }
    }
  }

  @Test
  void aThreeMemberClusterServesTheApiAndSurvivesOneMemberStopped() {
    try (EtcdProcessCluster cluster = EtcdProcessCluster.start(3);
         ApiServerHarness api = ApiServerHarness.start(cluster.endpoints(), c -> c)) {
      KavaClient client = api.client();
      client.resource(Namespace.class).create(Fixtures.namespace("cluster"));
      var rc = client.resource(ConfigMap.class);
      String rv = rc.list(ListOptions.inNamespace("cluster")).resourceVersion();
      EventCollector<ConfigMap> events = new EventCollector<>();
      try (Watch w = rc.watch(ListOptions.inNamespace("cluster"), rv, events)) {
        for (int i = 0; i < 5; i++) {
          rc.create(cm("cluster", "a" + i));
        }
        events.awaitEvents(5, WAIT);

        cluster.stopMember(0);
        for (int i = 0; i < 10; i++) {
          String name = "b" + i;
          // A write racing the member's death may fail UNAVAILABLE once; clients retry, as here.
          await().atMost(WAIT).ignoreExceptionsInstanceOf(ApiException.class).until(() -> createOrExists(rc, name));
        }
        List<WatchEvent<ConfigMap>> got = events.awaitEvents(15, WAIT);
        assertThat(got).extracting(ev -> ev.object().getMetadata().getName()).containsExactly(
            "a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9");
        assertThat(got).extracting(ev -> Long.parseLong(ev.resourceVersion())).isSorted().doesNotHaveDuplicates();
        assertThat(rc.list(ListOptions.inNamespace("cluster")).items()).hasSize(15);
      }
    }
  }

  private static boolean createOrExists(io.kava.client.ResourceClient<ConfigMap> rc, String name) {
    try {
      rc.create(cm("cluster", name));
    } catch (ApiException e) {
      if (!e.isAlreadyExists()) {
        throw e;
      }
    }
    return true;
  }
}
