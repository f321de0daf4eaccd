package io.kava.apiserver.validation;

import io.kava.api.core.v1.Node;
import io.kava.apiserver.errors.FieldError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** A Node's spec.podCIDR and spec.podCIDRs: kept in step (as upstream's v1 conversion does) and validated. */
public final class NodeCidrs {
  private NodeCidrs() {}

  /** podCIDRs wins when both are set; podCIDR alone becomes podCIDRs' only entry. */
  public static Node defaults(Node node) {
    var spec = node.getSpec();
    if (spec.getPodCidrsCount() > 0 && !spec.getPodCidr().equals(spec.getPodCidrs(0))) {
      return node.toBuilder().setSpec(spec.toBuilder().setPodCidr(spec.getPodCidrs(0))).build();
    }
    if (spec.getPodCidrsCount() == 0 && !spec.getPodCidr().isEmpty()) {
      return node.toBuilder().setSpec(spec.toBuilder().addPodCidrs(spec.getPodCidr())).build();
    }
    return node;
  }

  /** Every podCIDR a valid CIDR, at most one per IP family (upstream's ValidateNode). */
  static void validate(Node node, List<FieldError> errs) {
    List<String> cidrs = node.getSpec().getPodCidrsList();
    int v4 = 0;
    int v6 = 0;
    for (int i = 0; i < cidrs.size(); i++) {
      Boolean ipv6 = family(cidrs.get(i));
      if (ipv6 == null) {
        errs.add(FieldError.invalid("spec.podCIDRs[" + i + "]", cidrs.get(i), "must be a valid CIDR"));
      } else if (ipv6) {
        v6++;
      } else {
        v4++;
      }
    }
    if (cidrs.size() > 2 || v4 > 1 || v6 > 1) {
      errs.add(FieldError.invalid("spec.podCIDRs", String.join(",", cidrs),
          "may specify no more than one CIDR for each IP family"));
    }
  }

  /** True for an IPv6 CIDR, false for IPv4, null when it is not a CIDR. */
  private static Boolean family(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String address = cidr.substring(0, slash);
    boolean ipv6 = address.contains(":");
    if (!ipv6 && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    if (ipv6 && !address.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    try {
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      InetAddress parsed = InetAddress.getByName(address); // a literal: no name lookup
      if (prefix < 0 || prefix > (ipv6 ? 128 : 32) || parsed.getAddress().length != (ipv6 ? 16 : 4)) {
        return null;
      }
    } catch (NumberFormatException | UnknownHostException e) {
      return null;
    }
    return ipv6;
  }
}
