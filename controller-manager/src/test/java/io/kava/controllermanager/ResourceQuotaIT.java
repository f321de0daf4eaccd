package io.kava.controllermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.codec.Manifests;
import io.kava.controllermanager.resourcequota.ResourceQuotaConfig;
import io.kava.controllermanager.resourcequota.ResourceQuotaController;
import io.kava.controllermanager.testing.RunningControllerManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LimitRanger and ResourceQuota admissions of a real API server on real etcd, with the resourcequota
 * controller in a real controller manager, on upstream's documentation manifests. No scheduler or
 * kubelet: pods are objects only, so a deleted pod goes at once.
 */
class ResourceQuotaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static ApiServerHarness api;
  private static KavaClient client;
  private static RunningControllerManager manager;

  @BeforeAll
  static void start() {
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    manager = RunningControllerManager.start(api, c -> List.of(
        new ResourceQuotaController(c, new ResourceQuotaConfig(Duration.ofSeconds(30)))));
    client.resource(Namespace.class).create(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("quota-it")).build());
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

  private static Pod pod(String name) {
    return Manifests.parseAs("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: quota-it}
        spec:
          containers:
          - name: default-mem-demo-ctr
            image: nginx
        """.formatted(name), Pod.class);
  }

  @Test
  void aQuotaOfTwoPodsRefusesTheThirdUntilOneIsDeletedAndLimitRangeDefaultsApply() {
    client.resource(LimitRange.class).create(Manifests.parseAs("""
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: mem-limit-range
          namespace: quota-it
        spec:
          limits:
          - default:
              memory: 512Mi
            defaultRequest:
              memory: 256Mi
            type: Container
        """, LimitRange.class));
    client.resource(ResourceQuota.class).create(Manifests.parseAs("""
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: pod-demo
          namespace: quota-it
        spec:
          hard:
            pods: "2"
        """, ResourceQuota.class));
    // The controller fills status first; until then admission refuses pods ("status unknown").
    await().atMost(TIMEOUT).until(() -> client.resource(ResourceQuota.class).get("quota-it", "pod-demo")
        .getStatus().containsUsed("pods"));

    Pod first = client.resource(Pod.class).create(pod("default-mem-demo"));
    client.resource(Pod.class).create(pod("second"));

    assertThat(first.getSpec().getContainers(0).getResources().getRequestsMap()).containsEntry("memory", "256Mi");
    assertThat(first.getSpec().getContainers(0).getResources().getLimitsMap()).containsEntry("memory", "512Mi");
    assertThatThrownBy(() -> client.resource(Pod.class).create(pod("third"))).isInstanceOf(ApiException.class)
        .hasMessageContaining("exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2");

    client.resource(Pod.class).delete("quota-it", "second");

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
        assertThat(client.resource(Pod.class).create(pod("third")).getMetadata().getName()).isEqualTo("third"));
  }
}
