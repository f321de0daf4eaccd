package io.kava.kubectl.describe;

import io.kava.api.meta.v1.IntOrString;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.api.networking.v1.NetworkPolicyPeer;
import io.kava.api.networking.v1.NetworkPolicyPort;
import io.kava.api.networking.v1.NetworkPolicySpec;
import io.kava.kubectl.print.Selectors;
import java.util.List;

/** describe networkpolicy, as kubectl's describeNetworkPolicy: what each rule lets in and out. */
final class NetworkPolicyDescriber {
  private NetworkPolicyDescriber() {}

  static void write(DescribeWriter w, NetworkPolicy policy) {
    w.line(0, "Name:", policy.getMetadata().getName());
    w.line(0, "Namespace:", policy.getMetadata().getNamespace());
    w.line(0, "Created on:", w.time(policy.getMetadata().getCreationTimestamp()));
    w.labels(0, "Labels", policy.getMetadata().getLabelsMap());
    w.annotations(0, policy.getMetadata().getAnnotationsMap());
    NetworkPolicySpec spec = policy.getSpec();
    w.line(0, "Spec:");
    boolean all = spec.getPodSelector().getMatchLabelsCount() + spec.getPodSelector().getMatchExpressionsCount() == 0;
    w.line(1, "PodSelector:", all ? "<none> (Allowing the specific traffic to all pods in this namespace)"
        : Selectors.format(spec.getPodSelector()));
    if (spec.getPolicyTypesList().contains("Ingress")) {
      w.line(1, "Allowing ingress traffic:");
      if (spec.getIngressCount() == 0) {
        w.line(2, "<none> (Selected pods are isolated for ingress connectivity)");
      }
      for (int i = 0; i < spec.getIngressCount(); i++) {
        rule(w, spec.getIngress(i).getPortsList(), spec.getIngress(i).getFromList(), "From",
            "From: <any> (traffic not restricted by source)", i == spec.getIngressCount() - 1);
      }
    } else {
      w.line(1, "Not affecting ingress traffic");
    }
    if (spec.getPolicyTypesList().contains("Egress")) {
      w.line(1, "Allowing egress traffic:");
      if (spec.getEgressCount() == 0) {
        w.line(2, "<none> (Selected pods are isolated for egress connectivity)");
      }
      for (int i = 0; i < spec.getEgressCount(); i++) {
        rule(w, spec.getEgress(i).getPortsList(), spec.getEgress(i).getToList(), "To",
            "To: <any> (traffic not restricted by destination)", i == spec.getEgressCount() - 1);
      }
    } else {
      w.line(1, "Not affecting egress traffic");
    }
    w.line(1, "Policy Types:", String.join(", ", spec.getPolicyTypesList()));
  }

  private static void rule(DescribeWriter w, List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> peers, String title,
      String anyPeer, boolean last) {
    if (ports.isEmpty()) {
      w.line(2, "To Port: <any> (traffic allowed to all ports)");
    }
    for (NetworkPolicyPort port : ports) {
      String protocol = port.hasProtocol() ? port.getProtocol() : "TCP";
      String number = port.hasPort() ? text(port.getPort()) : "<nil>";
      if (port.hasEndPort()) {
        w.line(2, "To Port Range:", number + "-" + port.getEndPort() + "/" + protocol);
      } else {
        w.line(2, "To Port:", number + "/" + protocol);
      }
    }
    if (peers.isEmpty()) {
      w.line(2, anyPeer);
    }
    for (NetworkPolicyPeer peer : peers) {
      w.line(2, title + ":");
      if (peer.hasNamespaceSelector()) {
        w.line(3, "NamespaceSelector:", Selectors.format(peer.getNamespaceSelector()));
      }
      if (peer.hasPodSelector()) {
        w.line(3, "PodSelector:", Selectors.format(peer.getPodSelector()));
      }
      if (peer.hasIpBlock()) {
        w.line(3, "IPBlock:");
        w.line(4, "CIDR:", peer.getIpBlock().getCidr());
        w.line(4, "Except:", String.join(", ", peer.getIpBlock().getExceptList()));
      }
    }
    if (!last) {
      w.line(2, "----------");
    }
  }

  private static String text(IntOrString v) {
    return v.hasIntVal() ? Integer.toString(v.getIntVal()) : v.getStrVal();
  }
}
