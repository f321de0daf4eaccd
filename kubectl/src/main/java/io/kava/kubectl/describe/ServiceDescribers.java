package io.kava.kubectl.describe;

import com.google.protobuf.Message;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.LoadBalancerIngress;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.ApiException;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.EndpointStates;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.NetworkColumns;
import io.kava.kubectl.print.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** describe service, endpoints and endpointslice, as upstream's describe.go writes them. */
final class ServiceDescribers {
  private static final int MAX_SHOWN = 3;

  private ServiceDescribers() {}

  static void service(DescribeWriter w, Session session, Service svc) {
    var spec = svc.getSpec();
    Describer.header(w, svc.getMetadata(), true);
    w.line(0, "Selector:", Selectors.labels(spec.getSelectorMap()));
    w.line(0, "Type:", NetworkColumns.type(spec));
    if (!spec.getIpFamilyPolicy().isEmpty()) {
      w.line(0, "IP Family Policy:", spec.getIpFamilyPolicy());
    }
    w.line(0, "IP Families:", spec.getIpFamiliesCount() > 0 ? String.join(",", spec.getIpFamiliesList()) : "<none>");
    w.line(0, "IP:", spec.getClusterIp());
    w.line(0, "IPs:", spec.getClusterIpsCount() > 0 ? String.join(",", spec.getClusterIpsList()) : "<none>");
    if (spec.getExternalIpsCount() > 0) {
      w.line(0, "External IPs:", String.join(",", spec.getExternalIpsList()));
    }
    if (!spec.getLoadBalancerIp().isEmpty()) {
      w.line(0, "Desired LoadBalancer IP:", spec.getLoadBalancerIp());
    }
    if (!spec.getExternalName().isEmpty()) {
      w.line(0, "External Name:", spec.getExternalName());
    }
    if (svc.getStatus().getLoadBalancer().getIngressCount() > 0) {
      w.line(0, "LoadBalancer Ingress:", ingress(svc.getStatus().getLoadBalancer().getIngressList()));
    }
    List<EndpointSlice> slices = slicesOf(session, svc);
    for (ServicePort p : spec.getPortsList()) {
      String name = p.getName().isEmpty() ? "<unset>" : p.getName();
      String protocol = NetworkColumns.protocol(p.getProtocol());
      w.line(0, "Port:", name, p.getPort() + "/" + protocol);
      String target = switch (p.getTargetPort().getValueCase()) {
        case INT_VAL -> Integer.toString(p.getTargetPort().getIntVal());
        case STR_VAL -> p.getTargetPort().getStrVal();
        default -> Integer.toString(p.getPort()); // the API server defaults targetPort to port
      };
      w.line(0, "TargetPort:", target + "/" + protocol);
      if (p.getNodePort() != 0) {
        w.line(0, "NodePort:", name, p.getNodePort() + "/" + protocol);
      }
      w.line(0, "Endpoints:", endpointsOfPort(slices, p.getName()));
    }
    w.line(0, "Session Affinity:", spec.getSessionAffinity().isEmpty() ? "None" : spec.getSessionAffinity());
    if (!spec.getExternalTrafficPolicy().isEmpty()) {
      w.line(0, "External Traffic Policy:", spec.getExternalTrafficPolicy());
    }
    if (!spec.getInternalTrafficPolicy().isEmpty()) {
      w.line(0, "Internal Traffic Policy:", spec.getInternalTrafficPolicy());
    }
  }

  /**
   * The Service's EndpointSlices, found by their service-name label as kubectl 1.32 does. The label is
   * checked here too, so a server that ignores the selector shows no other Service's endpoints. Any
   * failure reads as no slices: upstream ignores the error of this list.
   */
  static List<EndpointSlice> slicesOf(Session session, Service svc) {
    String ns = svc.getMetadata().getNamespace();
    String name = svc.getMetadata().getName();
    List<Message> items;
    try {
      items = session.resource(Kinds.ENDPOINT_SLICE).list(new ListOptions(ns, EndpointSliceLabels.SERVICE_NAME + "=" + name, ""))
          .items();
    } catch (ApiException e) {
      if (e.isUnavailable()) {
        throw e;
      }
      return List.of();
    }
    List<EndpointSlice> slices = new ArrayList<>();
    for (Message m : items) {
      EndpointSlice slice = (EndpointSlice) m;
      if (name.equals(slice.getMetadata().getLabelsMap().get(EndpointSliceLabels.SERVICE_NAME))) {
        slices.add(slice);
      }
    }
    return slices;
  }

  /**
   * Upstream's formatEndpointSlices for one port name: the ready addresses (unset readiness counts as
   * ready) as ip:port, at most three, then "+ N more...". "&lt;none&gt;" when there are no slices at all.
   */
  static String endpointsOfPort(List<EndpointSlice> slices, String portName) {
    if (slices.isEmpty()) {
      return "<none>";
    }
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (EndpointSlice slice : slices) {
      if (slice.getPortsCount() == 0) {
        // a headless Service may have no ports: the addresses alone
        for (Endpoint e : slice.getEndpointsList()) {
          if (list.size() == MAX_SHOWN) {
            more = true;
          }
          if (!ready(e) || e.getAddressesCount() == 0) {
            continue;
          }
          if (!more) {
            list.add(e.getAddresses(0));
          }
          count++;
        }
        continue;
      }
      for (io.kava.api.discovery.v1.EndpointPort port : slice.getPortsList()) {
        if (!port.getName().equals(portName)) {
          continue;
        }
        for (Endpoint e : slice.getEndpointsList()) {
          if (list.size() == MAX_SHOWN) {
            more = true;
          }
          if (!ready(e) || e.getAddressesCount() == 0) {
            continue;
          }
          if (!more) {
            list.add(NetworkColumns.hostPort(e.getAddresses(0), port.getPort()));
          }
          count++;
        }
      }
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (count - MAX_SHOWN) + " more..." : joined;
  }

  private static boolean ready(Endpoint e) {
    return EndpointStates.ready(e.getConditions());
  }

  static void endpoints(DescribeWriter w, Endpoints ep) {
    Describer.header(w, ep.getMetadata(), true);
    w.line(0, "Subsets:");
    for (EndpointSubset subset : ep.getSubsetsList()) {
      w.line(1, "Addresses:", ips(subset.getAddressesList()));
      w.line(1, "NotReadyAddresses:", ips(subset.getNotReadyAddressesList()));
      if (subset.getPortsCount() > 0) {
        w.line(1, "Ports:");
        w.line(2, "Name", "Port", "Protocol");
        w.line(2, "----", "----", "--------");
        for (EndpointPort port : subset.getPortsList()) {
          w.line(2, port.getName().isEmpty() ? "<unset>" : port.getName(), Integer.toString(port.getPort()),
              NetworkColumns.protocol(port.getProtocol()));
        }
      }
      w.line(0, "");
    }
  }

  private static String ips(List<EndpointAddress> addresses) {
    String joined = addresses.stream().map(EndpointAddress::getIp).collect(Collectors.joining(","));
    return joined.isEmpty() ? "<none>" : joined;
  }

  static void endpointSlice(DescribeWriter w, EndpointSlice slice) {
    Describer.header(w, slice.getMetadata(), true);
    w.line(0, "AddressType:", slice.getAddressType());
    if (slice.getPortsCount() == 0) {
      w.line(0, "Ports: <unset>");
    } else {
      w.line(0, "Ports:");
      w.line(1, "Name", "Port", "Protocol");
      w.line(1, "----", "----", "--------");
      for (var port : slice.getPortsList()) {
        String name = port.hasName() && !port.getName().isEmpty() ? port.getName() : "<unset>";
        String number = port.hasPort() ? Integer.toString(port.getPort()) : "<unset>";
        w.line(1, name, number, NetworkColumns.protocol(port.getProtocol()));
      }
    }
    if (slice.getEndpointsCount() == 0) {
      w.line(0, "Endpoints: <none>");
      return;
    }
    w.line(0, "Endpoints:");
    for (Endpoint e : slice.getEndpointsList()) {
      String addresses = String.join(", ", e.getAddressesList());
      w.line(1, "- Addresses:", addresses.isEmpty() ? "<none>" : addresses);
      w.line(2, "Conditions:");
      w.line(3, "Ready:", e.getConditions().hasReady() ? Boolean.toString(e.getConditions().getReady()) : "<unset>");
      w.line(2, "Hostname:", e.hasHostname() ? e.getHostname() : "<unset>");
      if (e.hasTargetRef()) {
        w.line(2, "TargetRef:", e.getTargetRef().getKind() + "/" + e.getTargetRef().getName());
      }
      w.line(2, "NodeName:", e.hasNodeName() ? e.getNodeName() : "<unset>");
      w.line(2, "Zone:", e.hasZone() ? e.getZone() : "<unset>");
    }
  }

  /** "1.2.3.4, lb.example.com": each ingress's IP, else its hostname. */
  private static String ingress(List<LoadBalancerIngress> ingress) {
    return ingress.stream().map(i -> i.getIp().isEmpty() ? i.getHostname() : i.getIp())
        .collect(Collectors.joining(", "));
  }
}
