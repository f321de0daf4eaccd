package io.kava.apiserver.defaulting;

import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.api.networking.v1.NetworkPolicyPort;
import io.kava.api.networking.v1.NetworkPolicySpec;
import java.util.List;

/** Upstream's networking/v1 SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort. */
public final class NetworkingDefaults {
  public static final String INGRESS = "Ingress";
  public static final String EGRESS = "Egress";
  static final String TCP = "TCP";

  private NetworkingDefaults() {}

  public static NetworkPolicy networkPolicy(NetworkPolicy policy) {
    NetworkPolicySpec.Builder s = policy.getSpec().toBuilder();
    // Any policy that names no type is at least an Ingress policy, and an Egress one when it has egress rules.
    if (s.getPolicyTypesCount() == 0) {
      s.addPolicyTypes(INGRESS);
      if (s.getEgressCount() > 0) {
        s.addPolicyTypes(EGRESS);
      }
    }
    for (int i = 0; i < s.getIngressCount(); i++) {
      var rule = s.getIngress(i);
      s.setIngress(i, rule.toBuilder().clearPorts().addAllPorts(withProtocols(rule.getPortsList())));
    }
    for (int i = 0; i < s.getEgressCount(); i++) {
      var rule = s.getEgress(i);
      s.setEgress(i, rule.toBuilder().clearPorts().addAllPorts(withProtocols(rule.getPortsList())));
    }
    return policy.toBuilder().setSpec(s).build();
  }

  private static List<NetworkPolicyPort> withProtocols(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.hasProtocol() ? p : p.toBuilder().setProtocol(TCP).build()).toList();
  }
}
