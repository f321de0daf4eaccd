package io.kava.apiserver.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.apiserver.ServicesConfig;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.net.ServiceCidr;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ClusterIPs and NodePorts through the API, as upstream's service REST allocates them. */
class ServiceAllocationsTest {
  private static final String RANGE = "10.200.7.0/24";
  private InProcessApi api;
  private ResourceClient<Service> services;

  @BeforeEach
  void start() {
    api = new InProcessApi(c -> c.withServices(ServicesConfig.defaults().withClusterIpRange(RANGE)
        .withNodePortRange("30000-30099").withRepairInterval(Duration.ZERO)));
    services = api.client.resource(Service.class);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private ServiceIpAllocator ips() {
    return api.server.serviceAllocations().ips();
  }

  private NodePortAllocator nodePorts() {
    return api.server.serviceAllocations().nodePorts();
  }

  private static Service svc(String name, String type, String clusterIp, int... nodePorts) {
    Service base = Fixtures.service("default", name);
    ServiceSpec.Builder spec = base.getSpec().toBuilder().setType(type).setClusterIp(clusterIp).clearPorts();
    if (nodePorts.length == 0) {
      spec.addPorts(ServicePort.newBuilder().setPort(80));
    }
    for (int i = 0; i < nodePorts.length; i++) {
      spec.addPorts(ServicePort.newBuilder().setName("p" + i).setPort(80 + i).setNodePort(nodePorts[i]));
    }
    return base.toBuilder().setSpec(spec).build();
  }

  private static ApiException error(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void aClusterIpServiceGetsAFreeAddressOfTheRangeAndSingleStackFields() {
    Service created = services.create(svc("web", "ClusterIP", ""));
    String ip = created.getSpec().getClusterIp();
    assertThat(ServiceCidr.parse(RANGE).contains(ip)).isTrue();
    assertThat(created.getSpec().getClusterIpsList()).containsExactly(ip);
    assertThat(created.getSpec().getIpFamiliesList()).containsExactly("IPv4");
    assertThat(created.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
    assertThat(ips().isAllocated(ip)).isTrue();
    assertThat(created.getSpec().getPorts(0).getNodePort()).isZero();
  }

  @Test
  void theKubernetesServiceHoldsTheFirstAddress() {
    Service kubernetes = services.get("default", "kubernetes");
    assertThat(kubernetes.getSpec().getClusterIp()).isEqualTo("10.200.7.1");
    assertThat(ips().isAllocated("10.200.7.1")).isTrue();
  }

  @Test
  void aRequestedFreeAddressIsHonouredAndATakenOneRefusedWithNothingStored() {
    Service dns = services.create(svc("kube-dns", "ClusterIP", "10.200.7.10"));
    assertThat(dns.getSpec().getClusterIp()).isEqualTo("10.200.7.10");
    int writes = api.storage.writes();
    ApiException taken = error(() -> services.create(svc("other", "ClusterIP", "10.200.7.10")));
    assertThat(taken.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(taken.getMessage()).isEqualTo("Service \"other\" is invalid: spec.clusterIPs: Invalid value: "
        + "[]string{\"10.200.7.10\"}: failed to allocate IP 10.200.7.10: provided IP is already allocated");
    ApiException outside = error(() -> services.create(svc("far", "ClusterIP", "10.0.0.1")));
    assertThat(outside.getMessage()).endsWith("failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in "
        + "the valid range. The range of valid IPs is 10.200.7.0/24");
    assertThat(outside.causes()).extracting(c -> c.getField()).containsExactly("spec.clusterIPs");
    assertThat(api.storage.writes()).as("nothing stored, no bit left set").isEqualTo(writes);
  }

  @Test
  void headlessAndExternalNameServicesGetNoAddress() {
    Service headless = services.create(svc("headless", "ClusterIP", "None"));
    assertThat(headless.getSpec().getClusterIp()).isEqualTo("None");
    assertThat(headless.getSpec().getClusterIpsList()).containsExactly("None");
    Service external = services.create(svc("ext", "ExternalName", "").toBuilder().setSpec(ServiceSpec.newBuilder()
        .setType("ExternalName").setExternalName("db.example.com")).build());
    assertThat(external.getSpec().getClusterIp()).isEmpty();
    assertThat(external.getSpec().getIpFamiliesList()).isEmpty();
    assertThat(ips().allocated().cardinality()).as("only the kubernetes Service's address").isEqualTo(1);
  }

  @Test
  void nodePortServicesGetPortsOfTheRangeAndClusterTrafficPolicy() {
    Service created = services.create(svc("np", "NodePort", "", 0, 0));
    int first = created.getSpec().getPorts(0).getNodePort();
    int second = created.getSpec().getPorts(1).getNodePort();
    assertThat(first).isBetween(30000, 30099).isNotEqualTo(second);
    assertThat(second).isBetween(30000, 30099);
    assertThat(created.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(nodePorts().isAllocated(first)).isTrue();
    assertThat(nodePorts().isAllocated(second)).isTrue();
  }

  @Test
  void aTakenOrOutOfRangeNodePortIsAFieldErrorAndReleasesTheAddressTakenBeforeIt() {
    services.create(svc("np", "NodePort", "", 30080));
    long ipsBefore = ips().allocated().cardinality();
    int writes = api.storage.writes();
    ApiException taken = error(() -> services.create(svc("np2", "NodePort", "", 30080)));
    assertThat(taken.getMessage()).isEqualTo("Service \"np2\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: "
        + "provided port is already allocated");
    ApiException outside = error(() -> services.create(svc("np3", "NodePort", "", 0, 31000)));
    assertThat(outside.getMessage()).endsWith("spec.ports[1].nodePort: Invalid value: 31000: provided port is not in "
        + "the valid range. The range of valid ports is 30000-30099");
    assertThat(ips().allocated().cardinality()).as("the address taken first was given back").isEqualTo(ipsBefore);
    assertThat(services.list(ListOptions.all()).items()).extracting(s -> s.getMetadata().getName())
        .doesNotContain("np2", "np3");
    assertThat(api.storage.writes() - writes).as("each refused create took and gave back an IP, stored no service")
        .isEqualTo(4);
  }

  @Test
  void tcpAndUdpOfOnePortShareANodePort() {
    Service base = svc("dns", "NodePort", "");
    Service both = base.toBuilder().setSpec(base.getSpec().toBuilder().clearPorts()
        .addPorts(ServicePort.newBuilder().setName("dns").setPort(53).setProtocol("UDP"))
        .addPorts(ServicePort.newBuilder().setName("dns-tcp").setPort(53).setProtocol("TCP"))).build();
    Service created = services.create(both);
    assertThat(created.getSpec().getPorts(0).getNodePort()).isEqualTo(created.getSpec().getPorts(1).getNodePort());
  }

  @Test
  void deleteFreesTheAddressAndTheNodePorts() {
    Service created = services.create(svc("np", "NodePort", "", 30050));
    services.delete("default", "np");
    assertThat(ips().isAllocated(created.getSpec().getClusterIp())).isFalse();
    assertThat(nodePorts().isAllocated(30050)).isFalse();
    assertThat(services.create(svc("again", "NodePort", created.getSpec().getClusterIp(), 30050)).getSpec().getClusterIp())
        .isEqualTo(created.getSpec().getClusterIp());
  }

  @Test
  void anAlreadyExistingNameGivesBackWhatWasTaken() {
    // A fixed address for the first one: a random one is .99 once in 254 runs, and then the second
    // create is refused for the address, before its name is ever looked at.
    services.create(svc("web", "ClusterIP", "10.200.7.10"));
    long before = ips().allocated().cardinality();
    ApiException exists = error(() -> services.create(svc("web", "NodePort", "10.200.7.99", 30001)));
    assertThat(exists.isAlreadyExists()).isTrue();
    assertThat(ips().isAllocated("10.200.7.99")).isFalse();
    assertThat(nodePorts().isAllocated(30001)).isFalse();
    assertThat(ips().allocated().cardinality()).isEqualTo(before);
  }

  @Test
  void anInvalidServiceTakesNothing() {
    int writes = api.storage.writes();
    Service bad = svc("bad", "ClusterIP", "10.200.7.20", 30002);
    ApiException e = error(() -> services.create(bad));
    assertThat(e.causes()).extracting(c -> c.getField()).containsExactly("spec.ports[0].nodePort");
    assertThat(api.storage.writes()).isEqualTo(writes);
  }

  @Test
  void typeChangesTakeAndFreeWhatTheTypeNeeds() {
    Service clusterIp = services.create(svc("web", "ClusterIP", ""));
    String ip = clusterIp.getSpec().getClusterIp();

    Service nodePort = services.update(clusterIp.toBuilder().setSpec(clusterIp.getSpec().toBuilder().setType("NodePort")).build());
    int port = nodePort.getSpec().getPorts(0).getNodePort();
    assertThat(port).isBetween(30000, 30099);
    assertThat(nodePort.getSpec().getClusterIp()).as("kept").isEqualTo(ip);
    assertThat(nodePorts().isAllocated(port)).isTrue();

    Service reapplied = services.update(svc("web", "NodePort", "").toBuilder()
        .setMetadata(nodePort.getMetadata()).build());
    assertThat(reapplied.getSpec().getClusterIp()).as("an update leaving clusterIP out keeps it").isEqualTo(ip);

    Service back = services.update(reapplied.toBuilder().setSpec(reapplied.getSpec().toBuilder().setType("ClusterIP")).build());
    assertThat(back.getSpec().getPorts(0).getNodePort()).isZero();
    assertThat(back.getSpec().getExternalTrafficPolicy()).isEmpty();
    assertThat(nodePorts().isAllocated(port)).as("NodePort -> ClusterIP frees the node port").isFalse();

    Service external = services.update(back.toBuilder().setSpec(back.getSpec().toBuilder().setType("ExternalName")
        .clearSelector().setExternalName("db.example.com")).build());
    assertThat(external.getSpec().getClusterIp()).isEmpty();
    assertThat(external.getSpec().getClusterIpsList()).isEmpty();
    assertThat(ips().isAllocated(ip)).as("ClusterIP -> ExternalName frees the address").isFalse();

    Service again = services.update(external.toBuilder().setSpec(external.getSpec().toBuilder().setType("ClusterIP")
        .clearExternalName()).build());
    assertThat(again.getSpec().getClusterIp()).isNotEmpty();
    assertThat(ips().isAllocated(again.getSpec().getClusterIp())).isTrue();
  }

  @Test
  void aRefusedUpdateKeepsTheOldAllocations() {
    services.create(svc("holder", "NodePort", "", 30010));
    Service web = services.create(svc("web", "ClusterIP", ""));
    ApiException e = error(() -> services.update(web.toBuilder().setSpec(web.getSpec().toBuilder().setType("NodePort")
        .setPorts(0, web.getSpec().getPorts(0).toBuilder().setNodePort(30010))).build()));
    assertThat(e.getMessage()).endsWith("spec.ports[0].nodePort: Invalid value: 30010: provided port is already allocated");
    assertThat(ips().isAllocated(web.getSpec().getClusterIp())).isTrue();
    assertThat(services.get("default", "web").getSpec().getType()).isEqualTo("ClusterIP");
  }

  @Test
  void aDryRunChecksButTakesNothing() {
    services.create(svc("holder", "NodePort", "", 30010));
    long ips = ips().allocated().cardinality();
    int writes = api.storage.writes();
    Service preview = (Service) api.server.registry().create(svc("preview", "NodePort", ""), true);
    assertThat(ServiceCidr.parse(RANGE).contains(preview.getSpec().getClusterIp())).isTrue();
    assertThat(preview.getSpec().getPorts(0).getNodePort()).isBetween(30000, 30099);
    assertThat(api.storage.writes()).isEqualTo(writes);
    assertThat(ips().allocated().cardinality()).isEqualTo(ips);
    try {
      api.server.registry().create(svc("preview", "NodePort", "", 30010), true);
      throw new AssertionError("expected a dry run of a taken node port to fail");
    } catch (ApiError expected) {
      assertThat(expected.getMessage()).contains("provided port is already allocated");
    }
  }
}
