package io.kava.controllermanager.endpointslice;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.controllermanager.util.EndpointPods;
import io.kava.controllermanager.util.Pods;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** A pod as an EndpointSlice endpoint, and its ports (upstream podToEndpoint, getEndpointPorts). */
final class SliceEndpoints {
  /** v1.LabelTopologyZone on the pod's node becomes the endpoint's zone. */
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private SliceEndpoints() {}

  /**
   * ready: Ready and not terminating (always true with publishNotReadyAddresses); serving: Ready;
   * terminating: deletionTimestamp set.
   */
  static Endpoint endpoint(Pod pod, Optional<Node> node, Service service) {
    boolean serving = Pods.isReady(pod);
    boolean terminating = Pods.isTerminating(pod);
    boolean ready = service.getSpec().getPublishNotReadyAddresses() || (serving && !terminating);
    Endpoint.Builder ep = Endpoint.newBuilder()
        .addAddresses(EndpointPods.ipv4Address(pod).orElseThrow())
        .setConditions(EndpointConditions.newBuilder().setReady(ready).setServing(serving).setTerminating(terminating))
        .setTargetRef(ObjectReference.newBuilder().setKind("Pod").setNamespace(pod.getMetadata().getNamespace())
            .setName(pod.getMetadata().getName()).setUid(pod.getMetadata().getUid()));
    if (!pod.getSpec().getNodeName().isEmpty()) {
      ep.setNodeName(pod.getSpec().getNodeName());
    }
    node.map(n -> n.getMetadata().getLabelsMap().get(ZONE_LABEL)).filter(z -> !z.isEmpty()).ifPresent(ep::setZone);
    if (EndpointPods.shouldSetHostname(pod, service)) {
      ep.setHostname(pod.getSpec().getHostname());
    }
    return ep.build();
  }

  /** The Service's ports as this pod offers them; a named targetPort the pod lacks is left out. */
  static List<EndpointPort> ports(Service service, Pod pod) {
    List<EndpointPort> ports = new ArrayList<>();
    for (ServicePort servicePort : service.getSpec().getPortsList()) {
      OptionalInt number = EndpointPods.findPort(pod, servicePort);
      if (number.isEmpty()) {
        continue;
      }
      EndpointPort.Builder p = EndpointPort.newBuilder().setName(servicePort.getName()).setPort(number.getAsInt())
          .setProtocol(EndpointPods.protocolOf(servicePort.getProtocol()));
      if (!servicePort.getAppProtocol().isEmpty()) {
        p.setAppProtocol(servicePort.getAppProtocol());
      }
      ports.add(p.build());
    }
    return ports;
  }

  /** The same for equal port sets in any order (upstream NewPortMapKey). */
  static String portKey(List<EndpointPort> ports) {
    return ports.stream().map(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol() + "/" + p.getAppProtocol())
        .sorted(Comparator.naturalOrder()).collect(Collectors.joining(","));
  }

  /** What makes two endpoints the same one (upstream hashEndpoint): addresses, hostname, target. */
  static String identity(Endpoint ep) {
    return String.join(",", ep.getAddressesList().stream().sorted().toList()) + "|" + ep.getHostname() + "|"
        + ep.getTargetRef().getNamespace() + "/" + ep.getTargetRef().getName();
  }
}
