package io.kava.client.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuotaSpec;
import io.kava.api.core.v1.Service;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import io.kava.client.quantity.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotasTest {
  private static final Pod WEB = Manifests.parseAs("""
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: ns}
      spec:
        initContainers:
        - name: init
          image: busybox
          resources: {requests: {cpu: "2"}, limits: {cpu: "2"}}
        containers:
        - name: a
          image: nginx
          resources: {requests: {cpu: 500m, memory: 128Mi}, limits: {cpu: "1", memory: 256Mi}}
        - name: b
          image: nginx
          resources: {requests: {cpu: 250m, memory: 64Mi}}
      """, Pod.class);

  private static ResourceQuotaSpec hard(Map<String, String> hard) {
    return ResourceQuotaSpec.newBuilder().putAllHard(hard).build();
  }

  @Test
  void aPodUsesItsContainersSumsAtLeastItsLargestInitContainer() {
    Map<String, Quantity> usage = QuotaUsage.of(WEB);

    assertThat(ResourceLists.format(usage)).containsEntry("pods", "1").containsEntry("count/pods", "1")
        .containsEntry("requests.cpu", "2").containsEntry("cpu", "2")
        .containsEntry("requests.memory", "192Mi").containsEntry("memory", "192Mi")
        .containsEntry("limits.cpu", "2").containsEntry("limits.memory", "256Mi");
  }

  @Test
  void aFinishedPodUsesNothing() {
    Pod done = WEB.toBuilder().setStatus(WEB.getStatus().toBuilder().setPhase("Succeeded")).build();

    assertThat(QuotaUsage.of(done)).isEmpty();
  }

  @Test
  void servicesCountTheirNodePortsAndLoadBalancers() {
    Service lb = Manifests.parseAs("""
        apiVersion: v1
        kind: Service
        metadata: {name: lb, namespace: ns}
        spec: {type: LoadBalancer, ports: [{port: 80}, {port: 443}]}
        """, Service.class);

    assertThat(ResourceLists.format(QuotaUsage.of(lb))).containsEntry("services", "1")
        .containsEntry("services.loadbalancers", "1").containsEntry("services.nodeports", "2")
        .containsEntry("count/services", "1");
  }

  @Test
  void claimsCountTheirStorageAlsoPerClass() {
    PersistentVolumeClaim pvc = Manifests.parseAs("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: ns}
        spec: {storageClassName: gold, resources: {requests: {storage: 2Gi}}}
        """, PersistentVolumeClaim.class);

    assertThat(ResourceLists.format(QuotaUsage.of(pvc))).containsEntry("persistentvolumeclaims", "1")
        .containsEntry("requests.storage", "2Gi")
        .containsEntry("gold.storageclass.storage.k8s.io/requests.storage", "2Gi")
        .containsEntry("gold.storageclass.storage.k8s.io/persistentvolumeclaims", "1");
  }

  @Test
  void usedSumsWhatTheQuotaCountsAndZeroForTheRest() {
    ResourceQuotaSpec spec = hard(Map.of("pods", "10", "configmaps", "5", "count/deployments.apps", "2"));
    ConfigMap cm = ConfigMap.newBuilder().setMetadata(WEB.getMetadata().toBuilder().setName("cm")).build();

    assertThat(ResourceLists.format(Quotas.used(spec, List.of(WEB, WEB, cm))))
        .isEqualTo(Map.of("pods", "2", "configmaps", "1", "count/deployments.apps", "0"));
    assertThat(Quotas.kindsCounted(spec.getHardMap().keySet()))
        .containsExactlyInAnyOrder(Kinds.POD, Kinds.CONFIG_MAP, Kinds.DEPLOYMENT);
  }

  @Test
  void scopedQuotasCountOnlyTheirPods() {
    ResourceQuotaSpec bestEffort = hard(Map.of("pods", "1")).toBuilder().addScopes("BestEffort").build();
    ResourceQuotaSpec notBestEffort = hard(Map.of("pods", "1")).toBuilder().addScopes("NotBestEffort").build();
    Pod plain = Pod.newBuilder().setMetadata(WEB.getMetadata())
        .setSpec(WEB.getSpec().toBuilder().clearInitContainers().clearContainers()
            .addContainers(WEB.getSpec().getContainers(0).toBuilder().clearResources())).build();

    assertThat(Quotas.counts(bestEffort, plain)).isTrue();
    assertThat(Quotas.counts(bestEffort, WEB)).isFalse();
    assertThat(Quotas.counts(notBestEffort, WEB)).isTrue();
    assertThat(Quotas.counts(bestEffort, ConfigMap.getDefaultInstance())).isFalse();
  }

  @Test
  void priorityClassScopeSelectorMatchesByOperator() {
    ResourceQuotaSpec high = ResourceQuotaSpec.newBuilder().putHard("pods", "5")
        .setScopeSelector(io.kava.api.core.v1.ScopeSelector.newBuilder().addMatchExpressions(
            io.kava.api.core.v1.ScopedResourceSelectorRequirement.newBuilder().setScopeName("PriorityClass")
                .setOperator("In").addValues("high"))).build();
    Pod highPod = WEB.toBuilder().setSpec(WEB.getSpec().toBuilder().setPriorityClassName("high")).build();

    assertThat(Quotas.counts(high, highPod)).isTrue();
    assertThat(Quotas.counts(high, WEB)).isFalse();
  }

  @Test
  void aQuotaOnRequestsCpuWantsEveryContainerToStateIt() {
    ResourceQuotaSpec spec = hard(Map.of("requests.cpu", "4", "limits.cpu", "4", "pods", "5"));

    assertThat(Quotas.missingValues(spec, WEB)).hasValue("must specify limits.cpu for: b");
    assertThat(Quotas.missingValues(hard(Map.of("pods", "5")), WEB)).isEmpty();
  }

  @Test
  void prettyPrintsSortedPairs() {
    assertThat(ResourceLists.pretty(Map.of("requests.memory", "700Mi", "pods", "1")))
        .isEqualTo("pods=1,requests.memory=700Mi");
  }
}
