package io.kava.kubectl.print;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.LoadBalancerIngress;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The cells of `get svc`, `get ep` and `get endpointslices`, as upstream's printers.go computes them
 * (printService, formatEndpoints, formatDiscoveryPorts, formatDiscoveryEndpoints), quirks included.
 */
public final class NetworkColumns {
  private static final String NONE = "<none>";
  /** Upstream clips the load balancer addresses to this many characters outside `-o wide`. */
  private static final int LOAD_BALANCER_WIDTH = 16;
  private static final int MAX_SHOWN = 3;

  private NetworkColumns() {}

  /** The type as stored; the API server defaults it, so an empty one is a ClusterIP Service. */
  public static String type(ServiceSpec spec) {
    return spec.getType().isEmpty() ? "ClusterIP" : spec.getType();
  }

  /** The first of clusterIPs (upstream's choice), else clusterIP, else "&lt;none&gt;". */
  public static String clusterIp(ServiceSpec spec) {
    if (spec.getClusterIpsCount() > 0) {
      return spec.getClusterIps(0);
    }
    return spec.getClusterIp().isEmpty() ? NONE : spec.getClusterIp();
  }

  public static String externalIp(Service s, boolean wide) {
    ServiceSpec spec = s.getSpec();
    switch (type(spec)) {
      case "ClusterIP", "NodePort":
        return spec.getExternalIpsCount() > 0 ? String.join(",", spec.getExternalIpsList()) : NONE;
      case "LoadBalancer":
        String lb = loadBalancerAddresses(s, wide);
        if (spec.getExternalIpsCount() > 0) {
          List<String> all = new ArrayList<>();
          if (!lb.isEmpty()) {
            all.addAll(List.of(lb.split(",")));
          }
          all.addAll(spec.getExternalIpsList());
          return String.join(",", all);
        }
        return lb.isEmpty() ? "<pending>" : lb;
      case "ExternalName":
        return spec.getExternalName();
      default:
        return "<unknown>";
    }
  }

  /** Ingress IPs (or hostnames), sorted and unique, clipped to 16 characters unless wide. */
  private static String loadBalancerAddresses(Service s, boolean wide) {
    TreeSet<String> addresses = new TreeSet<>();
    for (LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngressList()) {
      if (!i.getIp().isEmpty()) {
        addresses.add(i.getIp());
      } else if (!i.getHostname().isEmpty()) {
        addresses.add(i.getHostname());
      }
    }
    String joined = String.join(",", addresses);
    if (!wide && joined.length() > LOAD_BALANCER_WIDTH) {
      joined = joined.substring(0, LOAD_BALANCER_WIDTH - 3) + "...";
    }
    return joined;
  }

  /** "80/TCP", "80:30080/TCP", comma-separated; "&lt;none&gt;" without ports. */
  public static String ports(List<ServicePort> ports) {
    if (ports.isEmpty()) {
      return NONE;
    }
    List<String> parts = new ArrayList<>();
    for (ServicePort p : ports) {
      String protocol = protocol(p.getProtocol());
      parts.add(p.getNodePort() > 0 ? p.getPort() + ":" + p.getNodePort() + "/" + protocol : p.getPort() + "/" + protocol);
    }
    return String.join(",", parts);
  }

  /** A protocol as stored; the API server defaults it to TCP. */
  public static String protocol(String protocol) {
    return protocol.isEmpty() ? "TCP" : protocol;
  }

  /** The wide SELECTOR cell: "app=nginx" sorted by key, or "&lt;none&gt;". */
  public static String selector(ServiceSpec spec) {
    return Selectors.labels(spec.getSelectorMap());
  }

  /**
   * At most three ready addresses as ip:port, then "+ N more..."; "&lt;none&gt;" without subsets, and an
   * empty cell when the subsets hold no ready address (upstream prints nothing there either).
   */
  public static String endpoints(Endpoints ep) {
    if (ep.getSubsetsCount() == 0) {
      return NONE;
    }
    List<String> list = new ArrayList<>();
    int count = 0;
    boolean more = false;
    for (EndpointSubset ss : ep.getSubsetsList()) {
      if (ss.getPortsCount() == 0) {
        // a headless Service may have no ports: the addresses alone
        count += ss.getAddressesCount();
        for (EndpointAddress a : ss.getAddressesList()) {
          if (list.size() == MAX_SHOWN) {
            more = true;
            break;
          }
          list.add(a.getIp());
        }
        continue;
      }
      for (EndpointPort port : ss.getPortsList()) {
        count += ss.getAddressesCount();
        for (EndpointAddress a : ss.getAddressesList()) {
          if (list.size() == MAX_SHOWN) {
            more = true;
            break;
          }
          list.add(hostPort(a.getIp(), port.getPort()));
        }
      }
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (count - MAX_SHOWN) + " more..." : joined;
  }

  /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
  public static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** The PORTS cell of an EndpointSlice: port numbers (a name where the number is unset, else "*"). */
  public static String slicePorts(EndpointSlice slice) {
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (io.kava.api.discovery.v1.EndpointPort p : slice.getPortsList()) {
      if (list.size() < MAX_SHOWN) {
        list.add(p.hasPort() ? Integer.toString(p.getPort()) : p.hasName() ? p.getName() : "*");
      } else {
        more = true;
      }
      count++;
    }
    return listWithMore(list, more, count);
  }

  /** The ENDPOINTS cell of an EndpointSlice: every address, ready or not, at most three shown. */
  public static String sliceEndpoints(EndpointSlice slice) {
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (Endpoint e : slice.getEndpointsList()) {
      for (String address : e.getAddressesList()) {
        if (list.size() < MAX_SHOWN) {
          list.add(address);
        } else {
          more = true;
        }
        count++;
      }
    }
    return listWithMore(list, more, count);
  }

  private static String listWithMore(List<String> list, boolean more, int count) {
    String joined = String.join(",", list);
    if (more) {
      return joined + " + " + (count - MAX_SHOWN) + " more...";
    }
    return joined.isEmpty() ? "<unset>" : joined;
  }
}
