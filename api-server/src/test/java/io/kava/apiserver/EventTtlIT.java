package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Events expire --event-ttl after their last write (upstream's etcd lease per Event); other kinds never do. */
class EventTtlIT {
  @Test
  void anEventIsLeasedOnEveryWriteAndGoneAfterItsTtlWhileOtherObjectsStay() throws Exception {
    EtcdContainer etcd = EtcdContainer.shared();
    try (ApiServerHarness api = ApiServerHarness.start(etcd, c -> c.withEventTtl(Duration.ofSeconds(2)));
        Client raw = Client.builder().endpoints(etcd.endpoints().toArray(URI[]::new)).build()) {
      KavaClient client = api.client();
      client.resource(Namespace.class).create(Fixtures.namespace("ttl"));
      Event created = client.resource(Event.class).create(Fixtures.event("ttl", "started"));
      client.resource(ConfigMap.class).create(Fixtures.configMap("ttl", "kept"));

      long firstLease = leaseOf(raw, "/registry/events/ttl/started");
      assertThat(firstLease).as("the Event's etcd lease").isNotZero();
      assertThat(leaseOf(raw, "/registry/configmaps/ttl/kept")).as("a ConfigMap's lease").isZero();

      client.resource(Event.class).update(created.toBuilder().setCount(2).build());
      // A 2 s ttl leaves no reuse window (5 % of it is under a second): the update got a lease of its own.
      assertThat(leaseOf(raw, "/registry/events/ttl/started")).isNotZero().isNotEqualTo(firstLease);

      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> gone(client));
      assertThat(client.resource(ConfigMap.class).get("ttl", "kept").getMetadata().getName()).isEqualTo("kept");
    }
  }

  private static boolean gone(KavaClient client) {
    try {
      client.resource(Event.class).get("ttl", "started");
      return false;
    } catch (ApiException e) {
      return e.isNotFound();
    }
  }

  private static long leaseOf(Client raw, String key) throws Exception {
    var kvs = raw.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get().getKvs();
    assertThat(kvs).as("etcd key " + key).hasSize(1);
    return kvs.get(0).getLease();
  }
}
