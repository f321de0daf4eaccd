package io.kava.controllermanager.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.codec.Manifests;
import io.kava.client.informer.InformerFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resourcequota controller against an API server on in-memory storage, its admission on. */
class ResourceQuotaControllerTest {
  private InProcessApi api;
  private InformerFactory informers;
  private ResourceQuotaController controller;

  @BeforeEach
  void start() throws InterruptedException {
    api = new InProcessApi();
    api.client.resource(Namespace.class).create(Fixtures.namespace("team"));
    informers = new InformerFactory(api.client, Duration.ofMinutes(10));
    controller = new ResourceQuotaController(api.client, new ResourceQuotaConfig(Duration.ofMinutes(10)));
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(Duration.ofSeconds(10))).isTrue();
    controller.run(1);
  }

  @AfterEach
  void stop() {
    controller.stop();
    informers.close();
    api.close();
  }

  private ResourceQuota quota() {
    return api.client.resource(ResourceQuota.class).get("team", "objects");
  }

  @Test
  void aNewQuotaGetsItsUsageAndDeletionsFreeIt() {
    api.client.resource(ConfigMap.class).create(ConfigMap.newBuilder().setMetadata(Fixtures.meta("team", "before")).build());
    api.client.resource(ResourceQuota.class).create(Manifests.parseAs("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: objects, namespace: team}
        spec: {hard: {pods: "2", configmaps: "10", count/deployments.apps: "1"}}
        """, ResourceQuota.class));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(quota().getStatus().getUsedMap())
        .containsEntry("pods", "0").containsEntry("configmaps", "1").containsEntry("count/deployments.apps", "0"));
    assertThat(quota().getStatus().getHardMap()).containsEntry("pods", "2");

    api.client.resource(Pod.class).create(Fixtures.pod("team", "a"));
    api.client.resource(Pod.class).create(Fixtures.pod("team", "b"));
    assertThat(quota().getStatus().getUsedMap()).containsEntry("pods", "2");

    api.client.resource(Pod.class).delete("team", "a");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(quota().getStatus().getUsedMap())
        .containsEntry("pods", "1"));
    api.client.resource(Pod.class).create(Fixtures.pod("team", "c"));
  }

  @Test
  void aSecondSyncWithNothingChangedWritesNothing() {
    api.client.resource(ResourceQuota.class).create(Manifests.parseAs("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: objects, namespace: team}
        spec: {hard: {pods: "2"}}
        """, ResourceQuota.class));
    await().atMost(Duration.ofSeconds(10)).until(() -> quota().getStatus().containsUsed("pods"));
    String version = quota().getMetadata().getResourceVersion();

    // Until the informer has the written status a sync loses its write's race; then it writes nothing.
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
      controller.sync("team/objects");
      assertThat(quota().getMetadata().getResourceVersion()).isEqualTo(version);
    });
  }
}
