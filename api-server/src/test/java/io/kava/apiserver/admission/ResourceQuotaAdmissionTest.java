package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.core.v1.Service;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResourceQuotaAdmissionTest {
  /** The quotas of one namespace with etcd's compare-and-swap on resourceVersion, and a stale cache on demand. */
  static final class FakeQuotas implements ResourceQuotaAdmission.QuotaAccess {
    final Map<String, ResourceQuota> stored = new ConcurrentHashMap<>();
    final AtomicInteger conflicts = new AtomicInteger();
    volatile List<ResourceQuota> cached;

    void put(ResourceQuota q) {
      stored.put(q.getMetadata().getName(), q.toBuilder()
          .setMetadata(q.getMetadata().toBuilder().setResourceVersion("1")).build());
    }

    @Override
    public List<ResourceQuota> list(String namespace) {
      return cached != null ? cached : listFresh(namespace);
    }

    @Override
    public List<ResourceQuota> listFresh(String namespace) {
      return new ArrayList<>(stored.values());
    }

    @Override
    public synchronized void writeStatus(ResourceQuota quota) {
      ResourceQuota current = stored.get(quota.getMetadata().getName());
      if (!current.getMetadata().getResourceVersion().equals(quota.getMetadata().getResourceVersion())) {
        conflicts.incrementAndGet();
        throw ApiError.modified(Kinds.RESOURCE_QUOTA, quota.getMetadata().getName());
      }
      long next = Long.parseLong(current.getMetadata().getResourceVersion()) + 1;
      stored.put(quota.getMetadata().getName(), quota.toBuilder()
          .setMetadata(quota.getMetadata().toBuilder().setResourceVersion(Long.toString(next))).build());
    }

    String used(String quota, String resource) {
      return stored.get(quota).getStatus().getUsedOrDefault(resource, "?");
    }
  }

  /** As the controller leaves it: status.hard from spec, used as given. */
  static ResourceQuota quota(String name, Map<String, String> hard, Map<String, String> used) {
    ResourceQuota q = ResourceQuota.newBuilder()
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setName(name).setNamespace("ns"))
        .setSpec(io.kava.api.core.v1.ResourceQuotaSpec.newBuilder().putAllHard(hard)).build();
    return q.toBuilder().setStatus(q.getStatus().toBuilder().putAllHard(hard).putAllUsed(used)).build();
  }

  static Pod pod(String name, String resources) {
    return Manifests.parseAs("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: ns}
        spec:
          containers:
          - name: quota-mem-cpu-demo-ctr
            image: nginx
            resources: %s
        """.formatted(name, resources), Pod.class);
  }

  private final FakeQuotas quotas = new FakeQuotas();
  private final ResourceQuotaAdmission admission = new ResourceQuotaAdmission(quotas);

  @Test
  void aCreateWithinTheQuotaRaisesUsed() {
    quotas.put(quota("compute", Map.of("pods", "2"), Map.of("pods", "0")));

    admission.beginCreate(pod("a", "{}"), false);

    assertThat(quotas.used("compute", "pods")).isEqualTo("1");
  }

  @Test
  void aCreateAboveHardIsForbiddenWithUpstreamsMessage() {
    quotas.put(quota("compute", Map.of("pods", "2"), Map.of("pods", "2")));

    assertThatThrownBy(() -> admission.beginCreate(pod("third", "{}"), false))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.reason()).isEqualTo("Forbidden"))
        .hasMessage("pods \"third\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2");
    assertThat(quotas.used("compute", "pods")).isEqualTo("2");
  }

  @Test
  void theDocsSecondPodIsRefusedOnMemoryRequests() {
    // "Configure Memory and CPU Quotas for a Namespace": the first pod is in, the second asks too much memory.
    quotas.put(quota("mem-cpu-demo", Map.of("requests.cpu", "1", "requests.memory", "1Gi", "limits.cpu", "2",
        "limits.memory", "2Gi"), Map.of("requests.cpu", "0", "requests.memory", "0", "limits.cpu", "0", "limits.memory", "0")));
    admission.beginCreate(pod("quota-mem-cpu-demo",
        "{limits: {memory: 800Mi, cpu: 800m}, requests: {memory: 600Mi, cpu: 400m}}"), false);

    assertThatThrownBy(() -> admission.beginCreate(pod("quota-mem-cpu-demo-2",
        "{limits: {memory: 1Gi, cpu: 800m}, requests: {memory: 700Mi, cpu: 400m}}"), false))
        .hasMessage("pods \"quota-mem-cpu-demo-2\" is forbidden: exceeded quota: mem-cpu-demo, requested: "
            + "requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi");
    assertThat(quotas.used("mem-cpu-demo", "requests.memory")).isEqualTo("600Mi");
  }

  @Test
  void aQuotaOnRequestsCpuRefusesAPodWithoutACpuRequest() {
    quotas.put(quota("compute", Map.of("requests.cpu", "1"), Map.of("requests.cpu", "0")));

    assertThatThrownBy(() -> admission.beginCreate(pod("nocpu", "{requests: {memory: 1Mi}}"), false))
        .hasMessage("pods \"nocpu\" is forbidden: failed quota: compute: must specify requests.cpu for: quota-mem-cpu-demo-ctr");
  }

  @Test
  void aQuotaTheControllerHasNotSeenYetRefusesWhatItCounts() {
    ResourceQuota fresh = quota("compute", Map.of("pods", "2"), Map.of());
    quotas.put(fresh.toBuilder().clearStatus().build());

    assertThatThrownBy(() -> admission.beginCreate(pod("a", "{}"), false))
        .hasMessage("pods \"a\" is forbidden: status unknown for quota: compute, resources: pods");
  }

  @Test
  void aDryRunChecksAndRaisesNothing() {
    quotas.put(quota("compute", Map.of("pods", "2"), Map.of("pods", "0")));

    admission.beginCreate(pod("a", "{}"), true);

    assertThat(quotas.used("compute", "pods")).isEqualTo("0");
  }

  @Test
  void aServiceTurnedNodePortAsksOnlyForItsNodePorts() {
    quotas.put(quota("svc", Map.of("services", "5", "services.nodeports", "1"), Map.of("services", "1", "services.nodeports", "0")));
    Service clusterIp = Manifests.parseAs("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: ns}
        spec: {ports: [{port: 80}, {port: 443}]}
        """, Service.class);
    Service nodePort = clusterIp.toBuilder().setSpec(clusterIp.getSpec().toBuilder().setType("NodePort")).build();

    assertThatThrownBy(() -> admission.beginUpdate(nodePort, clusterIp, false)).hasMessageContaining(
        "exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1");
    assertThat(quotas.used("svc", "services")).isEqualTo("1");
  }

  @Test
  void parallelCreatesNeverPassHardEvenFromAStaleCache() throws Exception {
    quotas.put(quota("compute", Map.of("pods", "5"), Map.of("pods", "0")));
    quotas.cached = quotas.listFresh("ns");
    int creates = 20;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      Pod p = pod("p" + i, "{}");
      results.add(pool.submit(() -> {
        start.await();
        try {
          admission.beginCreate(p, false);
          return true;
        } catch (ApiError e) {
          assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          return false;
        }
      }));
    }
    start.countDown();
    int admitted = 0;
    for (Future<Boolean> r : results) {
      admitted += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdownNow();

    assertThat(admitted).isEqualTo(5);
    assertThat(quotas.used("compute", "pods")).isEqualTo("5");
  }
}
