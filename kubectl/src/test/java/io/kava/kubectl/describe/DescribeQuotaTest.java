package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.codec.Manifests;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** get and describe of limitranges and resourcequotas, as kubectl 1.32 prints them. */
class DescribeQuotaTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private void seed() {
    ResourceQuota quota = Manifests.parseAs("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: mem-cpu-demo, namespace: default}
        spec: {hard: {requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi, pods: "10"}}
        status:
          hard: {requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi, pods: "10"}
          used: {requests.cpu: 400m, requests.memory: 600Mi, limits.cpu: 800m, limits.memory: 800Mi, pods: "1"}
        """, ResourceQuota.class);
    api.seed(quota.toBuilder().setMetadata(Objects.meta("default", "mem-cpu-demo", Duration.ofMinutes(3))).build());
    LimitRange lr = Manifests.parseAs("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: mem-limit-range, namespace: default}
        spec:
          limits:
          - {type: Container, default: {memory: 512Mi}, defaultRequest: {memory: 256Mi}}
        """, LimitRange.class);
    api.seed(lr.toBuilder().setMetadata(lr.getMetadata().toBuilder().setCreationTimestamp("2026-12-02T01:00:00Z")).build());
  }

  @Test
  void getQuotaShowsRequestsAndLimitsAsUsedOverHard() {
    seed();

    assertThat(cli.run("get", "quota").out()).isEqualTo(
        "NAME           AGE   REQUEST                                                        LIMIT\n"
      + "mem-cpu-demo   3m    pods: 1/10, requests.cpu: 400m/1, requests.memory: 600Mi/1Gi   limits.cpu: 800m/2, limits.memory: 800Mi/2Gi\n");
    assertThat(cli.run("get", "limits").out()).isEqualTo(
        "NAME              CREATED AT\nmem-limit-range   2026-12-02T01:00:00Z\n");
  }

  @Test
  void describeQuotaAndLimitRange() {
    seed();

    assertThat(cli.run("describe", "resourcequota", "mem-cpu-demo").out()).isEqualTo("""
        Name:            mem-cpu-demo
        Namespace:       default
        Resource         Used   Hard
        --------         ----   ----
        limits.cpu       800m   2
        limits.memory    800Mi  2Gi
        pods             1      10
        requests.cpu     400m   1
        requests.memory  600Mi  1Gi
        """);
    assertThat(cli.run("describe", "limitrange", "mem-limit-range").out()).isEqualTo("""
        Name:       mem-limit-range
        Namespace:  default
        Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
        ----        --------  ---  ---  ---------------  -------------  -----------------------
        Container   memory    -    -    256Mi            512Mi          -
        """);
  }

  @Test
  void describeNamespaceListsItsQuotasAndLimits() {
    seed();
    api.seed(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("default")).build());

    assertThat(cli.run("describe", "namespace", "default").out()).contains("""
        Resource Quotas
          Name:            mem-cpu-demo
          Resource         Used   Hard
          --------         ---    ---
          limits.cpu       800m   2
        """).contains("""
        Resource Limits
         Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
         ----       --------  ---  ---  ---------------  -------------  -----------------------
         Container  memory    -    -    256Mi            512Mi          -
        """);
  }
}
