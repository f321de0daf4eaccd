package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.apiserver.AdmissionConfig;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.codec.Manifests;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LimitRanger and ResourceQuota admissions wired into an API server on in-memory storage. */
class QuotaAdmissionApiTest {
  private InProcessApi api;

  @AfterEach
  void close() {
    if (api != null) {
      api.close();
    }
  }

  private void start(AdmissionConfig admission) {
    api = new InProcessApi(c -> c.withSecurity(c.security().withAdmission(admission)));
    api.client.resource(Namespace.class).create(Fixtures.namespace("team"));
  }

  /** The quota as the resourcequota controller leaves it before any pod: status.hard = spec.hard, nothing used. */
  private ResourceQuota podQuota(int pods) {
    ResourceQuota quota = api.client.resource(ResourceQuota.class).create(Manifests.parseAs("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: compute, namespace: team}
        spec: {hard: {pods: "%d"}}
        """.formatted(pods), ResourceQuota.class));
    return api.client.resource(ResourceQuota.class).updateStatus(quota.toBuilder().setStatus(quota.getStatus().toBuilder()
        .putHard("pods", Integer.toString(pods)).putUsed("pods", "0")).build());
  }

  @Test
  void aLimitRangeDefaultShowsUpOnACreatedPod() {
    start(AdmissionConfig.defaults());
    api.client.resource(LimitRange.class).create(Manifests.parseAs(LimitRangerTest.MEM_LIMIT_RANGE, LimitRange.class)
        .toBuilder().setMetadata(Fixtures.meta("team", "mem-limit-range")).build());

    Pod created = api.client.resource(Pod.class).create(Fixtures.pod("team", "default-mem-demo"));

    assertThat(created.getSpec().getContainers(0).getResources().getLimitsMap()).containsEntry("memory", "512Mi");
    assertThat(created.getSpec().getContainers(0).getResources().getRequestsMap()).containsEntry("memory", "256Mi");
    assertThat(created.getStatus().getQosClass()).isEqualTo("Burstable");
  }

  @Test
  void aNewQuotasStatusIsClearedAndTheThirdPodIsRefused() {
    start(AdmissionConfig.defaults());
    ResourceQuota quota = podQuota(2);
    assertThat(quota.getStatus().getUsedMap()).containsEntry("pods", "0");

    api.client.resource(Pod.class).create(Fixtures.pod("team", "a"));
    api.client.resource(Pod.class).create(Fixtures.pod("team", "b"));

    assertThatThrownBy(() -> api.client.resource(Pod.class).create(Fixtures.pod("team", "c")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("pods \"c\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2");
    assertThat(api.client.resource(ResourceQuota.class).get("team", "compute").getStatus().getUsedMap())
        .containsEntry("pods", "2");
    assertThat(api.client.resource(Pod.class).list(io.kava.client.ListOptions.inNamespace("team")).items()).hasSize(2);
  }

  @Test
  void disabledPluginsDoNothing() {
    start(AdmissionConfig.of(List.of(), List.of("ResourceQuota", "LimitRanger")));
    podQuota(0);
    api.client.resource(LimitRange.class).create(Manifests.parseAs(LimitRangerTest.MEM_LIMIT_RANGE, LimitRange.class)
        .toBuilder().setMetadata(Fixtures.meta("team", "mem-limit-range")).build());

    Pod created = api.client.resource(Pod.class).create(Fixtures.pod("team", "free"));

    assertThat(created.getSpec().getContainers(0).getResources().getLimitsMap()).isEmpty();
  }
}
