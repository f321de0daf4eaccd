package io.kava.dns.records;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.EndpointSliceLabels;

/** Services and EndpointSlices as the API server would store them, built tersely for tests. */
public final class Objects {
  private Objects() {}

  public static ServicePort port(String name, String protocol, int port) {
    return ServicePort.newBuilder().setName(name).setProtocol(protocol).setPort(port).build();
  }

  public static Service service(String namespace, String name, String clusterIp, ServicePort... ports) {
    return Service.newBuilder().setApiVersion("v1").setKind("Service")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .setSpec(ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp(clusterIp).addAllPorts(java.util.List.of(ports)))
        .build();
  }

  public static Service externalName(String namespace, String name, String target) {
    return Service.newBuilder().setApiVersion("v1").setKind("Service")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .setSpec(ServiceSpec.newBuilder().setType("ExternalName").setExternalName(target)).build();
  }

  public static EndpointPort slicePort(String name, String protocol, int port) {
    return EndpointPort.newBuilder().setName(name).setProtocol(protocol).setPort(port).build();
  }

  /** An endpoint; ready null leaves the condition unset (which upstream reads as ready). */
  public static Endpoint endpoint(String ip, String hostname, Boolean ready) {
    Endpoint.Builder e = Endpoint.newBuilder().addAddresses(ip);
    if (hostname != null) {
      e.setHostname(hostname);
    }
    EndpointConditions.Builder c = EndpointConditions.newBuilder();
    if (ready != null) {
      c.setReady(ready);
    }
    return e.setConditions(c).build();
  }

  public static EndpointSlice slice(String namespace, String name, String service, java.util.List<Endpoint> endpoints,
      EndpointPort... ports) {
    return EndpointSlice.newBuilder().setApiVersion("discovery.k8s.io/v1").setKind("EndpointSlice")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name)
            .putLabels(EndpointSliceLabels.SERVICE_NAME, service))
        .setAddressType("IPv4").addAllEndpoints(endpoints).addAllPorts(java.util.List.of(ports)).build();
  }
}
