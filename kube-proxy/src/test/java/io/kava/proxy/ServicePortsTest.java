package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.ClientIPConfig;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.SessionAffinityConfig;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
  private static Service service(ServiceSpec.Builder spec) {
    return Service.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("web"))
        .setSpec(spec).build();
  }

  private static io.kava.api.discovery.v1.Endpoint endpoint(String ip, EndpointConditions.Builder c) {
    return io.kava.api.discovery.v1.Endpoint.newBuilder().addAddresses(ip).setConditions(c).build();
  }

  private static EndpointSlice slice(List<EndpointPort> ports, io.kava.api.discovery.v1.Endpoint... endpoints) {
    return EndpointSlice.newBuilder().setAddressType("IPv4").addAllPorts(ports).addAllEndpoints(List.of(endpoints))
        .build();
  }

  @Test
  void matchesSlicePortsByNameAndProtocolAndReadsUnsetConditionsAsUpstream() {
    Service svc = service(ServiceSpec.newBuilder().setClusterIp("10.96.0.5").setType("NodePort")
        .addPorts(ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80).setNodePort(30080))
        .addPorts(ServicePort.newBuilder().setName("dns").setProtocol("UDP").setPort(53)));
    EndpointSlice a = slice(List.of(EndpointPort.newBuilder().setName("http").setProtocol("TCP").setPort(8080).build(),
            EndpointPort.newBuilder().setName("dns").setProtocol("UDP").setPort(5353).build()),
        endpoint("172.17.0.2", EndpointConditions.newBuilder()),
        endpoint("172.17.0.3", EndpointConditions.newBuilder().setReady(false).setServing(true).setTerminating(true)));
    EndpointSlice b = slice(List.of(EndpointPort.newBuilder().setName("http").setProtocol("TCP").setPort(8080).build()),
        endpoint("172.17.0.2", EndpointConditions.newBuilder().setReady(true)));

    List<ServicePortInfo> ports = ServicePorts.of(svc, List.of(a, b));

    assertThat(ports).hasSize(2);
    ServicePortInfo http = ports.get(0);
    assertThat(http.portNameString()).isEqualTo("default/web:http");
    assertThat(http.nodePort()).isEqualTo(30080);
    assertThat(http.endpoints()).containsExactly(
        new Endpoint("172.17.0.2", 8080, true, true, false),
        new Endpoint("172.17.0.3", 8080, false, true, true));
    assertThat(ports.get(1).protocol()).isEqualTo("UDP");
    assertThat(ports.get(1).endpoints()).extracting(Endpoint::address).containsExactly("172.17.0.2:5353",
        "172.17.0.3:5353");
  }

  @Test
  void headlessAndExternalNameServicesAreNotProxied() {
    assertThat(ServicePorts.of(service(ServiceSpec.newBuilder().setClusterIp("None")
        .addPorts(ServicePort.newBuilder().setPort(80))), List.of())).isEmpty();
    assertThat(ServicePorts.of(service(ServiceSpec.newBuilder().setType("ExternalName").setExternalName("x.example")
        .addPorts(ServicePort.newBuilder().setPort(80))), List.of())).isEmpty();
  }

  @Test
  void clientIpAffinityTakesTheTimeoutOrUpstreamsDefault() {
    ServiceSpec.Builder spec = ServiceSpec.newBuilder().setClusterIp("10.96.0.5").setSessionAffinity("ClientIP")
        .addPorts(ServicePort.newBuilder().setPort(80));
    assertThat(ServicePorts.of(service(spec), List.of()).get(0).stickySeconds()).isEqualTo(10800);
    spec.setSessionAffinityConfig(SessionAffinityConfig.newBuilder()
        .setClientIp(ClientIPConfig.newBuilder().setTimeoutSeconds(60)));
    ServicePortInfo port = ServicePorts.of(service(spec), List.of()).get(0);
    assertThat(port.stickySeconds()).isEqualTo(60);
    assertThat(port.protocol()).isEqualTo("TCP");
  }
}
