package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The client's informer against the real API server on real etcd: when the revision it would resume
 * from has been compacted away while it was disconnected, the server answers "Expired", the informer
 * relists, and its cache converges to what etcd holds, telling its handlers of every difference.
 */
class InformerRelistIT {

  private static ConfigMap cm(String name, String value) {
    return Fixtures.configMap("relist", name).toBuilder().putData("value", value).build();
  }

  @Test
  void expiredRevisionMakesTheInformerRelistAndConverge() throws Exception {
    try (EtcdContainer etcd = EtcdContainer.start(); ApiServerHarness api = ApiServerHarness.start(etcd)) {
      api.client().resource(Namespace.class).create(Fixtures.namespace("relist"));
      ResourceClient<ConfigMap> configMaps = api.client().resource(ConfigMap.class);
      configMaps.create(cm("kept", "1"));
      configMaps.create(cm("changed", "1"));
      configMaps.create(cm("gone", "1"));

      List<String> seen = new CopyOnWriteArrayList<>();
      try (SharedInformer<ConfigMap> informer = new SharedInformer<>(configMaps, ListOptions.inNamespace("relist"))) {
        informer.addEventHandler(new ResourceEventHandler<>() {
          @Override
          public void onUpdate(ConfigMap old, ConfigMap now) {
            seen.add("update " + now.getMetadata().getName() + "=" + now.getDataOrThrow("value"));
          }

          @Override
          public void onDelete(ConfigMap gone) {
            seen.add("delete " + gone.getMetadata().getName());
          }

          @Override
          public void onAdd(ConfigMap added) {
            seen.add("add " + added.getMetadata().getName());
          }
        });
        informer.start();
        assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();
        assertThat(informer.lister().list("relist")).hasSize(3);

        api.stop();
        // While the informer is cut off, another API server changes everything, then history is compacted.
        try (ApiServerHarness other = ApiServerHarness.start(etcd)) {
          ResourceClient<ConfigMap> writer = other.client().resource(ConfigMap.class);
          ConfigMap changed = writer.get("relist", "changed");
          writer.update(changed.toBuilder().putData("value", "2").build());
          writer.delete("relist", "gone");
          writer.create(cm("new", "1"));
        }
        etcd.compactNow();
        api.restart();

        await("informer converged after relisting").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
              assertThat(informer.lister().list("relist")).extracting(c -> c.getMetadata().getName())
                  .containsExactlyInAnyOrder("kept", "changed", "new");
              assertThat(informer.lister().get("relist", "changed").orElseThrow().getDataOrThrow("value"))
                  .isEqualTo("2");
            });
        assertThat(seen).contains("update changed=2", "delete gone", "add new");
        assertThat(seen).doesNotContain("delete kept");
      }
    }
  }
}
