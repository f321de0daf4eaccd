package io.kava.controllermanager.util;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodIP;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.meta.v1.IntOrString;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which pods back a Service, at which address and port, as the Endpoints and EndpointSlice controllers
 * both decide it (upstream endpointsliceutil.ShouldPodBeInEndpoints, ShouldSetHostname and
 * podutil.FindPort). Services are IPv4 only here.
 */
public final class EndpointPods {
  static final String DEFAULT_PROTOCOL = "TCP";

  private EndpointPods() {}

  /**
   * Whether the pod may appear at all: not finished (Succeeded/Failed), bound to a node, with an IPv4
   * address, and not being deleted unless {@code includeTerminating}.
   */
  public static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
    String phase = pod.getStatus().getPhase();
    if (Pods.PHASE_SUCCEEDED.equals(phase) || Pods.PHASE_FAILED.equals(phase)) {
      return false;
    }
    if (!Pods.isAssigned(pod) || ipv4Address(pod).isEmpty()) {
      return false;
    }
    return includeTerminating || !Pods.isTerminating(pod);
  }

  /** status.podIP if it is IPv4, else the first IPv4 of status.podIPs. */
  public static Optional<String> ipv4Address(Pod pod) {
    String ip = pod.getStatus().getPodIp();
    if (isIpv4(ip)) {
      return Optional.of(ip);
    }
    return pod.getStatus().getPodIpsList().stream().map(PodIP::getIp).filter(EndpointPods::isIpv4).findFirst();
  }

  private static boolean isIpv4(String ip) {
    return !ip.isEmpty() && !ip.contains(":");
  }

  /** A hostname is published only for pods that name this Service as their subdomain. */
  public static boolean shouldSetHostname(Pod pod, Service service) {
    return !pod.getSpec().getHostname().isEmpty()
        && pod.getSpec().getSubdomain().equals(service.getMetadata().getName())
        && pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace());
  }

  /**
   * The pod's port for a Service port: a numeric targetPort as it is, a named one looked up among the
   * container ports (and sidecar init containers) by name and protocol; empty when the pod has none.
   */
  public static OptionalInt findPort(Pod pod, ServicePort servicePort) {
    IntOrString target = servicePort.getTargetPort();
    switch (target.getValueCase()) {
      case INT_VAL:
        return OptionalInt.of(target.getIntVal());
      case STR_VAL:
        String protocol = protocolOf(servicePort.getProtocol());
        for (Container c : pod.getSpec().getContainersList()) {
          OptionalInt port = namedPort(c, target.getStrVal(), protocol);
          if (port.isPresent()) {
            return port;
          }
        }
        for (Container c : pod.getSpec().getInitContainersList()) {
          if ("Always".equals(c.getRestartPolicy())) {
            OptionalInt port = namedPort(c, target.getStrVal(), protocol);
            if (port.isPresent()) {
              return port;
            }
          }
        }
        return OptionalInt.empty();
      default:
        // Not defaulted (stored before defaulting existed): upstream defaults targetPort to port.
        return OptionalInt.of(servicePort.getPort());
    }
  }

  private static OptionalInt namedPort(Container container, String name, String protocol) {
    for (ContainerPort p : container.getPortsList()) {
      if (p.getName().equals(name) && protocolOf(p.getProtocol()).equals(protocol)) {
        return OptionalInt.of(p.getContainerPort());
      }
    }
    return OptionalInt.empty();
  }

  /** The protocol with the API's default (TCP) applied. */
  public static String protocolOf(String protocol) {
    return protocol.isEmpty() ? DEFAULT_PROTOCOL : protocol;
  }

  /** Upstream IsServiceIPSet's negation as used for the headless label: clusterIP "None". */
  public static boolean isHeadless(Service service) {
    return "None".equals(service.getSpec().getClusterIp());
  }
}
