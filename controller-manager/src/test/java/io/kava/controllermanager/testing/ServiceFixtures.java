package io.kava.controllermanager.testing;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodIP;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.Times;
import java.util.Map;

/** Services, nodes and serving pods for the endpoint controllers' tests, as the API server stores them. */
public final class ServiceFixtures {
  public static final Map<String, String> APP_WEB = Map.of("app", "web");

  private ServiceFixtures() {}

  /** A ClusterIP Service selecting app=web with port 80 -> targetPort 8080 (TCP), as defaulted. */
  public static Service service(String name) {
    return Service.newBuilder().setApiVersion("v1").setKind("Service")
        .setMetadata(Workloads.meta(name))
        .setSpec(ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp("10.96.0.20").putAllSelector(APP_WEB)
            .addPorts(port("", 80, IntOrString.newBuilder().setIntVal(8080).build())))
        .build();
  }

  public static ServicePort port(String name, int port, IntOrString target) {
    return ServicePort.newBuilder().setName(name).setPort(port).setProtocol("TCP").setTargetPort(target).build();
  }

  public static IntOrString named(String name) {
    return IntOrString.newBuilder().setStrVal(name).build();
  }

  public static Service withPorts(Service service, ServicePort... ports) {
    ServiceSpec.Builder spec = service.getSpec().toBuilder().clearPorts();
    for (ServicePort p : ports) {
      spec.addPorts(p);
    }
    return service.toBuilder().setSpec(spec).build();
  }

  public static Service withoutSelector(Service service) {
    return service.toBuilder().setSpec(service.getSpec().toBuilder().clearSelector()).build();
  }

  public static Service publishingNotReady(Service service) {
    return service.toBuilder().setSpec(service.getSpec().toBuilder().setPublishNotReadyAddresses(true)).build();
  }

  public static Service withLabels(Service service, Map<String, String> labels) {
    return service.toBuilder().setMetadata(service.getMetadata().toBuilder().putAllLabels(labels)).build();
  }

  public static Node node(String name, String zone) {
    ObjectMeta.Builder meta = ObjectMeta.newBuilder().setName(name).setUid(java.util.UUID.randomUUID().toString())
        .setCreationTimestamp(Times.now());
    if (zone != null) {
      meta.putLabels("topology.kubernetes.io/zone", zone);
    }
    return Node.newBuilder().setApiVersion("v1").setKind("Node").setMetadata(meta).build();
  }

  /** Running on node-1 with the IP, labelled app=web, Ready or not. */
  public static Pod servingPod(String name, String ip, boolean ready) {
    Pod pod = Workloads.inPhase(Workloads.onNode(Workloads.pod(name, APP_WEB), "node-1"), "Running");
    return pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPodIp(ip).addPodIps(PodIP.newBuilder().setIp(ip))
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus(ready ? "True" : "False")
            .setLastTransitionTime(Times.now()))).build();
  }

  public static Pod withReady(Pod pod, boolean ready) {
    var status = pod.getStatus().toBuilder().clearConditions()
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus(ready ? "True" : "False")
            .setLastTransitionTime(Times.now()));
    return pod.toBuilder().setStatus(status).build();
  }

  /** The first container declares a named port. */
  public static Pod withContainerPort(Pod pod, String name, int number) {
    Container c = pod.getSpec().getContainers(0).toBuilder()
        .addPorts(ContainerPort.newBuilder().setName(name).setContainerPort(number).setProtocol("TCP")).build();
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setContainers(0, c)).build();
  }

  public static Pod withHostname(Pod pod, String hostname, String subdomain) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setHostname(hostname).setSubdomain(subdomain)).build();
  }
}
