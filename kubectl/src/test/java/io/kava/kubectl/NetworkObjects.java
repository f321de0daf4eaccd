package io.kava.kubectl;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.IntOrString;
import java.time.Duration;

/** The tutorial's my-nginx Service with two ready pods and one unready, as the controllers would write it. */
public final class NetworkObjects {
  private NetworkObjects() {}

  public static Service myNginx() {
    return Service.newBuilder().setApiVersion("v1").setKind("Service")
        .setMetadata(Objects.meta("default", "my-nginx", Duration.ofMinutes(5)).putLabels("run", "my-nginx"))
        .setSpec(ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp("10.96.0.42").addClusterIps("10.96.0.42")
            .setIpFamilyPolicy("SingleStack").addIpFamilies("IPv4").setSessionAffinity("None")
            .setInternalTrafficPolicy("Cluster").putSelector("run", "my-nginx")
            .addPorts(ServicePort.newBuilder().setProtocol("TCP").setPort(80)
                .setTargetPort(IntOrString.newBuilder().setIntVal(80))))
        .build();
  }

  public static Endpoints myNginxEndpoints() {
    return Endpoints.newBuilder().setApiVersion("v1").setKind("Endpoints")
        .setMetadata(Objects.meta("default", "my-nginx", Duration.ofMinutes(5)).putLabels("run", "my-nginx"))
        .addSubsets(EndpointSubset.newBuilder()
            .addAddresses(address("10.1.2.3", "my-nginx-a"))
            .addAddresses(address("10.1.2.4", "my-nginx-b"))
            .addNotReadyAddresses(address("10.1.2.5", "my-nginx-c"))
            .addPorts(EndpointPort.newBuilder().setPort(80).setProtocol("TCP")))
        .build();
  }

  private static EndpointAddress address(String ip, String pod) {
    return EndpointAddress.newBuilder().setIp(ip).setNodeName("node-1")
        .setTargetRef(ObjectReference.newBuilder().setKind("Pod").setNamespace("default").setName(pod)).build();
  }

  public static EndpointSlice myNginxSlice() {
    return EndpointSlice.newBuilder().setApiVersion("discovery.k8s.io/v1").setKind("EndpointSlice")
        .setMetadata(Objects.meta("default", "my-nginx-x7k2p", Duration.ofMinutes(5))
            .putLabels("kubernetes.io/service-name", "my-nginx")
            .putLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"))
        .setAddressType("IPv4")
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName("").setPort(80).setProtocol("TCP"))
        .addEndpoints(endpoint("10.1.2.3", "my-nginx-a", true))
        .addEndpoints(endpoint("10.1.2.4", "my-nginx-b", true))
        .addEndpoints(endpoint("10.1.2.5", "my-nginx-c", false))
        .build();
  }

  private static Endpoint endpoint(String ip, String pod, boolean ready) {
    return Endpoint.newBuilder().addAddresses(ip)
        .setConditions(EndpointConditions.newBuilder().setReady(ready).setServing(ready).setTerminating(false))
        .setNodeName("node-1")
        .setTargetRef(ObjectReference.newBuilder().setKind("Pod").setNamespace("default").setName(pod)).build();
  }
}
