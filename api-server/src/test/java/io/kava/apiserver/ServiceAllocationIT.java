package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ClusterIPs and NodePorts live in etcd: two API servers never collide, a restart keeps them, a delete frees them. */
class ServiceAllocationIT {
  private final String range = "10.200." + ThreadLocalRandom.current().nextInt(10, 250) + ".0/24";
  private final UnaryOperator<ApiServerConfig> services = c -> c.withServices(ServicesConfig.defaults()
      .withClusterIpRange(range).withNodePortRange("30000-30299").withRepairInterval(Duration.ZERO));
  private EtcdProcessCluster etcd;
  private final List<ApiServerHarness> servers = new ArrayList<>();

  @BeforeEach
  void startEtcd() {
    etcd = EtcdProcessCluster.start(1);
  }

  @AfterEach
  void stop() {
    servers.forEach(ApiServerHarness::close);
    etcd.close();
  }

  private ApiServerHarness apiServer() {
    ApiServerHarness h = ApiServerHarness.start(etcd.endpoints(), services);
    servers.add(h);
    return h;
  }

  private static Service nodePortService(String name) {
    Service base = Fixtures.service("default", name);
    return base.toBuilder().setSpec(base.getSpec().toBuilder().setType("NodePort")
        .setPorts(0, ServicePort.newBuilder().setPort(80))).build();
  }

  private static void assertDistinct(List<Service> all) {
    Set<String> ips = new HashSet<>();
    Set<Integer> nodePorts = new HashSet<>();
    for (Service s : all) {
      assertThat(ips.add(s.getSpec().getClusterIp())).as("cluster IP of %s handed out once", s.getMetadata().getName()).isTrue();
      for (ServicePort p : s.getSpec().getPortsList()) {
        if (p.getNodePort() != 0) {
          assertThat(nodePorts.add(p.getNodePort())).as("node port of %s handed out once", s.getMetadata().getName()).isTrue();
        }
      }
    }
  }

  @Test
  void twoApiServersCreatingConcurrentlyNeverHandOutAValueTwice() throws Exception {
    List<ResourceClient<Service>> clients = List.of(apiServer().client().resource(Service.class),
        apiServer().client().resource(Service.class));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Service>> created = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        ResourceClient<Service> client = clients.get(i % 2);
        String name = "svc-" + i;
        created.add(pool.submit(() -> client.create(nodePortService(name))));
      }
      List<Service> all = new ArrayList<>();
      for (Future<Service> f : created) {
        all.add(f.get());
      }
      assertDistinct(all);
      List<Service> stored = clients.get(0).list(ListOptions.all()).items();
      assertThat(stored).hasSize(91);
      assertDistinct(stored);
      assertThat(servers.get(1).server().serviceAllocations().ips().allocated().cardinality())
          .as("one bit per service, the kubernetes Service's included").isEqualTo(91);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRestartedApiServerKeepsTheAllocations() {
    ApiServerHarness api = apiServer();
    ResourceClient<Service> services = api.client().resource(Service.class);
    Service dns = Fixtures.service("default", "kube-dns");
    String dnsIp = range.replace("0/24", "10");
    dns = services.create(dns.toBuilder().setSpec(dns.getSpec().toBuilder().setClusterIp(dnsIp)).build());
    List<Service> before = new ArrayList<>(List.of(dns, services.create(nodePortService("web"))));

    api.restart();

    ApiException taken = error(() -> services.create(Fixtures.service("default", "other").toBuilder()
        .setSpec(Fixtures.service("default", "other").getSpec().toBuilder().setClusterIp(dnsIp)).build()));
    assertThat(taken.getMessage()).contains("provided IP is already allocated");
    int webPort = before.get(1).getSpec().getPorts(0).getNodePort();
    ApiException portTaken = error(() -> services.create(nodePortService("web2").toBuilder()
        .setSpec(nodePortService("web2").getSpec().toBuilder().setPorts(0, ServicePort.newBuilder().setPort(80).setNodePort(webPort))).build()));
    assertThat(portTaken.getMessage()).endsWith("spec.ports[0].nodePort: Invalid value: " + webPort + ": provided port is already allocated");
    for (int i = 0; i < 20; i++) {
      before.add(services.create(nodePortService("after-" + i)));
    }
    assertDistinct(services.list(ListOptions.all()).items());
  }

  @Test
  void deleteFreesTheValuesForTheNextService() {
    ApiServerHarness api = apiServer();
    ResourceClient<Service> services = api.client().resource(Service.class);
    Service web = services.create(nodePortService("web"));
    String ip = web.getSpec().getClusterIp();
    int nodePort = web.getSpec().getPorts(0).getNodePort();
    services.delete("default", "web");
    assertThat(api.server().serviceAllocations().ips().isAllocated(ip)).isFalse();
    assertThat(api.server().serviceAllocations().nodePorts().isAllocated(nodePort)).isFalse();

    ServiceSpec.Builder spec = nodePortService("again").getSpec().toBuilder().setClusterIp(ip)
        .setPorts(0, ServicePort.newBuilder().setPort(80).setNodePort(nodePort));
    Service again = services.create(nodePortService("again").toBuilder().setSpec(spec).build());
    assertThat(again.getSpec().getClusterIp()).isEqualTo(ip);
    assertThat(again.getSpec().getPorts(0).getNodePort()).isEqualTo(nodePort);
  }

  private static ApiException error(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }
}
