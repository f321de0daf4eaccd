package io.kava.proxy.routes;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.meta.v1.ObjectMeta;

/** Nodes as the controller manager's IPAM and the kubelet leave them. */
final class Nodes {
  private Nodes() {}

  static Node node(String name, String podCidr, String internalIp) {
    NodeSpec.Builder spec = NodeSpec.newBuilder();
    if (!podCidr.isEmpty()) {
      spec.setPodCidr(podCidr).addPodCidrs(podCidr);
    }
    NodeStatus.Builder status = NodeStatus.newBuilder()
        .addAddresses(NodeAddress.newBuilder().setType("Hostname").setAddress(name));
    if (!internalIp.isEmpty()) {
      status.addAddresses(NodeAddress.newBuilder().setType("InternalIP").setAddress(internalIp));
    }
    return Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).setSpec(spec).setStatus(status).build();
  }
}
