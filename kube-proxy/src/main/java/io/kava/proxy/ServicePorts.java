package io.kava.proxy;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.EndpointStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From a Service and its EndpointSlices to the service ports kube-proxy programs: a pure function, as
 * upstream's ServiceChangeTracker and EndpointSliceCache together. Services without a virtual IP
 * (headless, ExternalName) yield nothing.
 */
public final class ServicePorts {
  /** Upstream's default sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
  public static final int DEFAULT_STICKY_SECONDS = 10800;

  private ServicePorts() {}

  public static List<ServicePortInfo> of(Service service, List<EndpointSlice> slices) {
    String clusterIP = service.getSpec().getClusterIp();
    String type = service.getSpec().getType();
    if (clusterIP.isEmpty() || clusterIP.equals("None") || type.equals("ExternalName")) {
      return List.of();
    }
    int sticky = stickySeconds(service);
    List<ServicePortInfo> result = new ArrayList<>();
    for (ServicePort port : service.getSpec().getPortsList()) {
      String protocol = port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
      result.add(new ServicePortInfo(
          service.getMetadata().getNamespace(), service.getMetadata().getName(), port.getName(), protocol,
          clusterIP, port.getPort(), port.getNodePort(), sticky, endpoints(port.getName(), protocol, slices)));
    }
    return result;
  }

  private static int stickySeconds(Service service) {
    if (!service.getSpec().getSessionAffinity().equals("ClientIP")) {
      return 0;
    }
    var config = service.getSpec().getSessionAffinityConfig().getClientIp();
    return config.hasTimeoutSeconds() && config.getTimeoutSeconds() > 0
        ? config.getTimeoutSeconds() : DEFAULT_STICKY_SECONDS;
  }

  /**
   * The endpoints of the slice ports whose name and protocol match the service port. As upstream, an
   * endpoint's first address counts, and one address:port listed by two slices is one endpoint.
   */
  static List<Endpoint> endpoints(String portName, String protocol, List<EndpointSlice> slices) {
    Map<String, Endpoint> byAddress = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      if (!slice.getAddressType().isEmpty() && !slice.getAddressType().equals("IPv4")) {
        continue;
      }
      for (EndpointPort sp : slice.getPortsList()) {
        String spProtocol = sp.hasProtocol() ? sp.getProtocol() : "TCP";
        if (!sp.getName().equals(portName) || !spProtocol.equals(protocol) || !sp.hasPort() || sp.getPort() <= 0) {
          continue;
        }
        for (io.kava.api.discovery.v1.Endpoint e : slice.getEndpointsList()) {
          if (e.getAddressesCount() == 0) {
            continue;
          }
          Endpoint endpoint = endpoint(e.getAddresses(0), sp.getPort(), e.getConditions());
          byAddress.putIfAbsent(endpoint.address(), endpoint);
        }
      }
    }
    return List.copyOf(byAddress.values());
  }

  private static Endpoint endpoint(String ip, int port, EndpointConditions c) {
    return new Endpoint(ip, port, EndpointStates.ready(c), EndpointStates.serving(c), EndpointStates.terminating(c));
  }
}
