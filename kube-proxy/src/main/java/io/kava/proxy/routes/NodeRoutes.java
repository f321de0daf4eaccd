package io.kava.proxy.routes;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The route this host wants to another Node: its IPv4 podCIDR through its IPv4 InternalIP. None for this
 * host's own Node, a Node without a podCIDR or address yet, or one whose address is a loopback
 * address (the nodes of one local cluster share one host, where their pod ranges are connected routes).
 */
public final class NodeRoutes {
  private NodeRoutes() {}

  public static Optional<Route> of(Node node, String ownNodeName) {
    if (node.getMetadata().getName().equals(ownNodeName)) {
      return Optional.empty();
    }
    Optional<String> cidr = podCidrs(node).stream().filter(NodeRoutes::isIpv4).findFirst();
    Optional<String> ip = node.getStatus().getAddressesList().stream()
        .filter(a -> a.getType().equals("InternalIP")).map(NodeAddress::getAddress)
        .filter(NodeRoutes::isIpv4).findFirst();
    if (cidr.isEmpty() || ip.isEmpty() || ip.get().startsWith("127.")) {
      return Optional.empty();
    }
    return Optional.of(new Route(cidr.get(), ip.get()));
  }

  private static List<String> podCidrs(Node node) {
    List<String> cidrs = new ArrayList<>(node.getSpec().getPodCidrsList());
    if (cidrs.isEmpty() && !node.getSpec().getPodCidr().isEmpty()) {
      cidrs.add(node.getSpec().getPodCidr());
    }
    return cidrs;
  }

  private static boolean isIpv4(String address) {
    return !address.contains(":") && !address.isEmpty();
  }
}
