package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.IntOrString;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.NetworkObjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** describe svc, endpoints and endpointslice, compared with kubectl 1.32's text for the same objects. */
class DescribeServicesTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void describesAServiceWithTheReadyEndpointsOfItsSlices() {
    api.seed(NetworkObjects.myNginx());
    api.seed(NetworkObjects.myNginxSlice());
    EndpointSlice other = NetworkObjects.myNginxSlice();
    api.seed(other.toBuilder().setMetadata(other.getMetadata().toBuilder().setName("other-abc")
        .putLabels("kubernetes.io/service-name", "other")).build());

    Result r = cli.run("describe", "svc", "my-nginx");

    assertThat(r.out()).isEqualTo("""
        Name:                     my-nginx
        Namespace:                default
        Labels:                   run=my-nginx
        Annotations:              <none>
        Selector:                 run=my-nginx
        Type:                     ClusterIP
        IP Family Policy:         SingleStack
        IP Families:              IPv4
        IP:                       10.96.0.42
        IPs:                      10.96.0.42
        Port:                     <unset>  80/TCP
        TargetPort:               80/TCP
        Endpoints:                10.1.2.3:80,10.1.2.4:80
        Session Affinity:         None
        Internal Traffic Policy:  Cluster
        Events:                   <none>
        """);
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void aNodePortServiceWithNamedPortsShowsEachPortsEndpoints() {
    Service s = NetworkObjects.myNginx();
    api.seed(s.toBuilder().setSpec(s.getSpec().toBuilder().setType("NodePort").setExternalTrafficPolicy("Cluster")
        .clearPorts()
        .addPorts(ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80).setNodePort(30080)
            .setTargetPort(IntOrString.newBuilder().setStrVal("web")))
        .addPorts(ServicePort.newBuilder().setName("metrics").setProtocol("UDP").setPort(9090).setNodePort(30090)
            .setTargetPort(IntOrString.newBuilder().setIntVal(9090)))).build());
    EndpointSlice slice = NetworkObjects.myNginxSlice();
    api.seed(slice.toBuilder().clearPorts()
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName("http").setPort(8080).setProtocol("TCP"))
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName("metrics").setPort(9090).setProtocol("UDP"))
        .build());

    String out = cli.run("describe", "service", "my-nginx").out();

    assertThat(out).contains("""
        Type:                     NodePort
        """).contains("""
        Port:                     http  80/TCP
        TargetPort:               web/TCP
        NodePort:                 http  30080/TCP
        Endpoints:                10.1.2.3:8080,10.1.2.4:8080
        Port:                     metrics  9090/UDP
        TargetPort:               9090/UDP
        NodePort:                 metrics  30090/UDP
        Endpoints:                10.1.2.3:9090,10.1.2.4:9090
        Session Affinity:         None
        External Traffic Policy:  Cluster
        Internal Traffic Policy:  Cluster
        """);
  }

  @Test
  void aServiceWithoutSlicesHasNoEndpoints() {
    api.seed(NetworkObjects.myNginx());

    assertThat(cli.run("describe", "svc", "my-nginx").out()).contains("Endpoints:                <none>\n");
  }

  @Test
  void endpointsFormatEndpointSlicesShowsAtMostThree() {
    EndpointSlice.Builder slice = NetworkObjects.myNginxSlice().toBuilder().clearEndpoints();
    for (int i = 1; i <= 5; i++) {
      slice.addEndpoints(io.kava.api.discovery.v1.Endpoint.newBuilder().addAddresses("10.1.2." + i));
    }

    assertThat(ServiceDescribers.endpointsOfPort(java.util.List.of(slice.build()), ""))
        .isEqualTo("10.1.2.1:80,10.1.2.2:80,10.1.2.3:80 + 2 more...");
    assertThat(ServiceDescribers.endpointsOfPort(java.util.List.of(NetworkObjects.myNginxSlice()), "other")).isEmpty();
  }

  @Test
  void describesEndpoints() {
    api.seed(NetworkObjects.myNginxEndpoints());

    Result r = cli.run("describe", "endpoints", "my-nginx");

    assertThat(r.out()).isEqualTo("""
        Name:         my-nginx
        Namespace:    default
        Labels:       run=my-nginx
        Annotations:  <none>
        Subsets:
          Addresses:          10.1.2.3,10.1.2.4
          NotReadyAddresses:  10.1.2.5
          Ports:
            Name     Port  Protocol
            ----     ----  --------
            <unset>  80    TCP

        Events:  <none>
        """);
  }

  @Test
  void describesAnEndpointSlice() {
    EndpointSlice slice = NetworkObjects.myNginxSlice();
    api.seed(slice.toBuilder().setEndpoints(2, slice.getEndpoints(2).toBuilder().setZone("zone-a").setHostname("c"))
        .build());

    Result r = cli.run("describe", "endpointslice", "my-nginx-x7k2p");

    assertThat(r.out()).isEqualTo("""
        Name:         my-nginx-x7k2p
        Namespace:    default
        Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
                      kubernetes.io/service-name=my-nginx
        Annotations:  <none>
        AddressType:  IPv4
        Ports:
          Name     Port  Protocol
          ----     ----  --------
          <unset>  80    TCP
        Endpoints:
          - Addresses:  10.1.2.3
            Conditions:
              Ready:    true
            Hostname:   <unset>
            TargetRef:  Pod/my-nginx-a
            NodeName:   node-1
            Zone:       <unset>
          - Addresses:  10.1.2.4
            Conditions:
              Ready:    true
            Hostname:   <unset>
            TargetRef:  Pod/my-nginx-b
            NodeName:   node-1
            Zone:       <unset>
          - Addresses:  10.1.2.5
            Conditions:
              Ready:    false
            Hostname:   c
            TargetRef:  Pod/my-nginx-c
            NodeName:   node-1
            Zone:       zone-a
        Events:         <none>
        """);
  }

  @Test
  void anEmptySliceSaysUnsetAndNone() {
    api.seed(NetworkObjects.myNginxSlice().toBuilder().clearPorts().clearEndpoints().build());

    assertThat(cli.run("describe", "endpointslices.discovery.k8s.io", "my-nginx-x7k2p").out())
        .endsWith("AddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\nEvents:  <none>\n");
  }
}
