package io.kava.apiserver.validation;

import io.kava.api.networking.v1.IPBlock;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.api.networking.v1.NetworkPolicyPeer;
import io.kava.api.networking.v1.NetworkPolicyPort;
import io.kava.api.networking.v1.NetworkPolicySpec;
import io.kava.apiserver.errors.FieldError;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rules of networking.k8s.io/v1 NetworkPolicy, as upstream's ValidateNetworkPolicy. */
public final class NetworkingValidation {
  static final List<String> POLICY_TYPES = List.of("Ingress", "Egress");
  static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

  private NetworkingValidation() {}

  public static List<FieldError> validateNetworkPolicy(NetworkPolicy policy) {
    List<FieldError> errs = new ArrayList<>();
    NetworkPolicySpec spec = policy.getSpec();
    errs.addAll(MetaValidation.validateLabelSelector(spec.getPodSelector(), "spec.podSelector"));
    for (int i = 0; i < spec.getIngressCount(); i++) {
      String path = "spec.ingress[" + i + "]";
      var rule = spec.getIngress(i);
      for (int j = 0; j < rule.getPortsCount(); j++) {
        validatePort(rule.getPorts(j), path + ".ports[" + j + "]", errs);
      }
      for (int j = 0; j < rule.getFromCount(); j++) {
        validatePeer(rule.getFrom(j), path + ".from[" + j + "]", errs);
      }
    }
    for (int i = 0; i < spec.getEgressCount(); i++) {
      String path = "spec.egress[" + i + "]";
      var rule = spec.getEgress(i);
      for (int j = 0; j < rule.getPortsCount(); j++) {
        validatePort(rule.getPorts(j), path + ".ports[" + j + "]", errs);
      }
      for (int j = 0; j < rule.getToCount(); j++) {
        validatePeer(rule.getTo(j), path + ".to[" + j + "]", errs);
      }
    }
    if (spec.getPolicyTypesCount() > POLICY_TYPES.size()) {
      errs.add(FieldError.invalid("spec.policyTypes", spec.getPolicyTypesList(), "may not specify more than two policyTypes"));
      return errs;
    }
    for (int i = 0; i < spec.getPolicyTypesCount(); i++) {
      String type = spec.getPolicyTypes(i);
      if (!POLICY_TYPES.contains(type)) {
        errs.add(FieldError.notSupported("spec.policyTypes[" + i + "]", type, POLICY_TYPES));
      }
    }
    return errs;
  }

  /** Upstream ValidateNetworkPolicyPort. */
  static void validatePort(NetworkPolicyPort port, String path, List<FieldError> errs) {
    if (port.hasProtocol()) {
      PodValidation.oneOf(errs, path + ".protocol", port.getProtocol(), PodValidation.PROTOCOLS);
    }
    if (!port.hasPort()) {
      if (port.hasEndPort()) {
        errs.add(FieldError.invalid(path + ".endPort", port.getEndPort(), "may not be specified when `port` is not specified"));
      }
      return;
    }
    if (port.getPort().hasStrVal()) {
      if (port.hasEndPort()) {
        errs.add(FieldError.invalid(path + ".endPort", port.getEndPort(), "may not be specified when `port` is non-numeric"));
      }
      for (String msg : NameRules.ianaServiceName(port.getPort().getStrVal())) {
        errs.add(FieldError.invalid(path + ".port", port.getPort().getStrVal(), msg));
      }
      return;
    }
    int number = port.getPort().getIntVal();
    for (String msg : NameRules.portNumber(number)) {
      errs.add(FieldError.invalid(path + ".port", number, msg));
    }
    if (port.hasEndPort()) {
      if (port.getEndPort() < number) {
        errs.add(FieldError.invalid(path + ".endPort", port.getEndPort(), "must be greater than or equal to `port`"));
      }
      for (String msg : NameRules.portNumber(port.getEndPort())) {
        errs.add(FieldError.invalid(path + ".endPort", port.getEndPort(), msg));
      }
    }
  }

  /** Upstream ValidateNetworkPolicyPeer: at least one selector or an ipBlock, and an ipBlock alone. */
  static void validatePeer(NetworkPolicyPeer peer, String path, List<FieldError> errs) {
    int kinds = 0;
    if (peer.hasPodSelector()) {
      kinds++;
      errs.addAll(MetaValidation.validateLabelSelector(peer.getPodSelector(), path + ".podSelector"));
    }
    if (peer.hasNamespaceSelector()) {
      kinds++;
      errs.addAll(MetaValidation.validateLabelSelector(peer.getNamespaceSelector(), path + ".namespaceSelector"));
    }
    if (peer.hasIpBlock()) {
      kinds++;
      validateIpBlock(peer.getIpBlock(), path + ".ipBlock", errs);
    }
    if (kinds == 0) {
      errs.add(FieldError.required(path, "must specify a peer"));
    } else if (kinds > 1 && peer.hasIpBlock()) {
      errs.add(FieldError.forbidden(path, "may not specify both ipBlock and another peer"));
    }
  }

  /** Upstream ValidateIPBlock: a valid cidr, each except a strict subset of it. */
  static void validateIpBlock(IPBlock block, String path, List<FieldError> errs) {
    if (block.getCidr().isEmpty()) {
      errs.add(FieldError.required(path + ".cidr", ""));
      return;
    }
    Optional<Cidr> cidr = Cidr.parse(block.getCidr());
    if (cidr.isEmpty()) {
      errs.add(FieldError.invalid(path + ".cidr", block.getCidr(), INVALID_CIDR));
      return;
    }
    for (int i = 0; i < block.getExceptCount(); i++) {
      String text = block.getExcept(i);
      String p = path + ".except[" + i + "]";
      Optional<Cidr> except = Cidr.parse(text);
      if (except.isEmpty()) {
        errs.add(FieldError.invalid(p, text, INVALID_CIDR));
        return;
      }
      if (!cidr.get().strictlyContains(except.get())) {
        errs.add(FieldError.invalid(p, text, "must be a strict subset of `cidr`"));
      }
    }
  }

  /** An IPv4 or IPv6 prefix, as Go's net.ParseCIDR takes it. */
  record Cidr(BigInteger network, int prefix, int bits) {
    static Optional<Cidr> parse(String text) {
      int slash = text.indexOf('/');
      if (slash < 0 || !NameRules.isIp(text.substring(0, slash))) {
        return Optional.empty();
      }
      String address = text.substring(0, slash);
      int bits = address.contains(":") ? 128 : 32;
      int prefix;
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (prefix < 0 || prefix > bits || !text.substring(slash + 1).matches("[0-9]{1,3}")) {
        return Optional.empty();
      }
      try {
        BigInteger value = new BigInteger(1, InetAddress.getByName(address).getAddress());
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return Optional.of(new Cidr(value.and(mask), prefix, bits));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }

    /** Upstream: the except's address is inside and its prefix is longer. */
    boolean strictlyContains(Cidr other) {
      if (other.bits != bits || other.prefix <= prefix) {
        return false;
      }
      return other.network.shiftRight(bits - prefix).equals(network.shiftRight(bits - prefix));
    }
  }
}
