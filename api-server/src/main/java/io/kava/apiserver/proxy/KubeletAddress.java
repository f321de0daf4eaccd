package io.kava.apiserver.proxy;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import java.util.Optional;

/** Where a node's kubelet listens: its InternalIP and status.daemonEndpoints.kubeletEndpoint.Port. */
public record KubeletAddress(String host, int port) {
  /** Empty while the node reports no address or no port. */
  public static Optional<KubeletAddress> of(Node node) {
    String host = node.getStatus().getAddressesList().stream().filter(a -> a.getType().equals("InternalIP"))
        .map(NodeAddress::getAddress).findFirst().orElse("");
    int port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    return host.isEmpty() || port <= 0 ? Optional.empty() : Optional.of(new KubeletAddress(host, port));
  }
}
