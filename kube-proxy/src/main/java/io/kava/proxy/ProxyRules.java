package io.kava.proxy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders the rules of upstream's iptables proxier (pkg/proxy/iptables/proxier.go, syncProxyRules) for
 * a set of service ports: a pure function, so tests assert the exact text. Per service port:
 * <ul>
 *   <li>with usable endpoints: SERVICES matches the cluster IP and jumps to SVC; SVC masquerades traffic
 *       from outside the pod range, holds the ClientIP "recent" checks, then picks an endpoint with
 *       "statistic --mode random --probability 1/n" on all but the last; each SEP masquerades hairpin
 *       traffic (the endpoint reaching itself) and DNATs. A NodePort jumps from NODEPORTS to EXT, which
 *       marks for masquerade and goes on to SVC.</li>
 *   <li>without: a REJECT in the filter table (SERVICES for the cluster IP, EXTERNAL-SERVICES for the
 *       NodePort), so clients are refused at once instead of waiting.</li>
 * </ul>
 * The last rule of SERVICES sends everything addressed to a local address to NODEPORTS.
 */
public final class ProxyRules {
  /** Upstream's default --iptables-masquerade-bit 14. */
  public static final String MASQUERADE_MARK = "0x4000";

  private final ChainNames names;
  private final String clusterCidr;
  private final boolean localhostNodePorts;

  /**
   * @param clusterCidr the pod range (upstream's --cluster-cidr local-traffic detector); "" leaves
   *     traffic to cluster IPs from outside it unmasqueraded
   * @param localhostNodePorts NodePorts also answer on 127.0.0.0/8 (needs route_localnet=1)
   */
  public ProxyRules(ChainNames names, String clusterCidr, boolean localhostNodePorts) {
    this.names = names;
    this.clusterCidr = clusterCidr;
    this.localhostNodePorts = localhostNodePorts;
  }

  public RuleSet render(List<ServicePortInfo> servicePorts) {
    RuleSet rules = new RuleSet();
    String mark = MASQUERADE_MARK + "/" + MASQUERADE_MARK;
    for (String chain : List.of(names.services(), names.externalServices(), names.forward())) {
      rules.filterChain(chain);
    }
    if (localhostNodePorts) {
      rules.filterChain(names.firewall());
      // route_localnet opens 127/8 to packets from outside (upstream issue 90259); this closes it again.
      rules.filterRule("-A", names.firewall(), "-m comment --comment", quote("block incoming localnet connections"),
          "-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    }
    for (String chain : List.of(names.services(), names.nodePorts(), names.postrouting(), names.markMasq())) {
      rules.natChain(chain);
    }
    if (!clusterCidr.isEmpty()) {
      // Pod traffic leaving the cluster CIDR goes out with the host's address; pod to pod (any host)
      // keeps the pod IP (flannel's and kindnet's masquerade rule).
      rules.natRule("-A", names.postrouting(), "-m comment --comment", quote("kava pod traffic leaving the cluster CIDR"),
          "-s", clusterCidr, "! -d", clusterCidr, "-j MASQUERADE --random-fully");
    }
    rules.natRule("-A", names.postrouting(), "-m mark ! --mark", mark, "-j RETURN");
    // Clear the mark so a packet traversing the stack again is not masqueraded twice.
    rules.natRule("-A", names.postrouting(), "-j MARK --xor-mark", MASQUERADE_MARK);
    // --random-fully as upstream where iptables has it (1.6.2 and later; Debian 12 ships 1.8.9): SNAT
    // ports are drawn at random instead of kept, so heavy connection churn to the same pods does not
    // meet the TIME_WAIT of an earlier flow on the same port.
    rules.natRule("-A", names.postrouting(), "-m comment --comment",
        quote("kubernetes service traffic requiring SNAT"), "-j MASQUERADE --random-fully");
    rules.natRule("-A", names.markMasq(), "-j MARK --or-mark", MASQUERADE_MARK);

    List<ServicePortInfo> sorted = new ArrayList<>(servicePorts);
    sorted.sort(Comparator.comparing(ServicePortInfo::portNameString).thenComparing(ServicePortInfo::protocol));
    for (ServicePortInfo sp : sorted) {
      writeServicePort(rules, sp);
    }

    String nodePortDestinations = localhostNodePorts
        ? "-m addrtype --dst-type LOCAL" : "-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8";
    rules.natRule("-A", names.services(), "-m comment --comment",
        quote("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
        nodePortDestinations, "-j", names.nodePorts());

    rules.filterRule("-A", names.forward(), "-m comment --comment", quote("kubernetes forwarding rules"),
        "-m mark --mark", mark, "-j ACCEPT");
    rules.filterRule("-A", names.forward(), "-m comment --comment", quote("kubernetes forwarding conntrack rule"),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    if (!clusterCidr.isEmpty()) {
      // Docker's FORWARD policy is DROP: pod to pod traffic (this host's and other hosts' pods) is let
      // through here. Only pod to pod: this chain is jumped to before the SERVICES rejects and the service
      // range guard, so accepting anything else here (a pod's packet for an unprogrammed cluster IP)
      // would let it out past them. Replies are the conntrack rule's.
      rules.filterRule("-A", names.forward(), "-m comment --comment", quote("kava pod to pod traffic"),
          "-s", clusterCidr, "-d", clusterCidr, "-j ACCEPT");
    }
    return rules;
  }

  private void writeServicePort(RuleSet rules, ServicePortInfo sp) {
    String protocol = sp.protocolArg();
    String name = sp.portNameString();
    String match = "-m " + protocol + " -p " + protocol;
    String svcChain = names.serviceChain(name, protocol);
    String extChain = names.externalChain(name, protocol);
    List<Endpoint> endpoints = UsableEndpoints.select(sp.endpoints());
    boolean hasEndpoints = !endpoints.isEmpty();
    String clusterIPMatch = match + " -d " + sp.clusterIP() + " --dport " + sp.port();

    if (hasEndpoints) {
      rules.natRule("-A", names.services(), "-m comment --comment", quote(name + " cluster IP"), clusterIPMatch,
          "-j", svcChain);
    } else {
      rules.filterRule("-A", names.services(), "-m comment --comment", quote(name + " has no endpoints"),
          clusterIPMatch, "-j REJECT");
    }
    if (sp.nodePort() != 0) {
      if (hasEndpoints) {
        rules.natRule("-A", names.nodePorts(), "-m comment --comment", name, match, "--dport",
            String.valueOf(sp.nodePort()), "-j", extChain);
      } else {
        rules.filterRule("-A", names.externalServices(), "-m comment --comment", quote(name + " has no endpoints"),
            "-m addrtype --dst-type LOCAL", match, "--dport", String.valueOf(sp.nodePort()), "-j REJECT");
      }
    }
    if (!hasEndpoints) {
      return;
    }

    rules.natChain(svcChain);
    if (!clusterCidr.isEmpty()) {
      // Traffic from outside the pod range (the host itself, another machine) is masqueraded, so the
      // endpoint's reply comes back through this host to be un-DNATed.
      rules.natRule("-A", svcChain, "-m comment --comment", quote(name + " cluster IP"), clusterIPMatch,
          "! -s", clusterCidr, "-j", names.markMasq());
    }
    if (sp.nodePort() != 0) {
      rules.natChain(extChain);
      rules.natRule("-A", extChain, "-m comment --comment",
          quote("masquerade traffic for " + name + " external destinations"), "-j", names.markMasq());
      rules.natRule("-A", extChain, "-j", svcChain);
    }
    writeServiceToEndpointRules(rules, sp, svcChain, endpoints);
    for (Endpoint ep : endpoints) {
      String sepChain = names.endpointChain(name, protocol, ep.address());
      rules.natChain(sepChain);
      // Hairpin: an endpoint reaching itself through the service must see another source address.
      rules.natRule("-A", sepChain, "-m comment --comment", name, "-s", ep.ip(), "-j", names.markMasq());
      String affinity = sp.clientIPAffinity() ? " -m recent --name " + sepChain + " --set" : "";
      rules.natRule("-A", sepChain, "-m comment --comment", name + affinity, match, "-j DNAT --to-destination",
          ep.address());
    }
  }

  private void writeServiceToEndpointRules(RuleSet rules, ServicePortInfo sp, String svcChain, List<Endpoint> endpoints) {
    String name = sp.portNameString();
    String protocol = sp.protocolArg();
    if (sp.clientIPAffinity()) {
      for (Endpoint ep : endpoints) {
        String sepChain = names.endpointChain(name, protocol, ep.address());
        rules.natRule("-A", svcChain, "-m comment --comment", quote(name + " -> " + ep.address()),
            "-m recent --name", sepChain, "--rcheck --seconds", String.valueOf(sp.stickySeconds()), "--reap",
            "-j", sepChain);
      }
    }
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      Endpoint ep = endpoints.get(i);
      String sepChain = names.endpointChain(name, protocol, ep.address());
      String comment = "-m comment --comment " + quote(name + " -> " + ep.address());
      if (i < n - 1) {
        rules.natRule("-A", svcChain, comment, "-m statistic --mode random --probability", probability(n - i),
            "-j", sepChain);
      } else {
        rules.natRule("-A", svcChain, comment, "-j", sepChain);
      }
    }
  }

  /** Upstream's probability(n): 1/n with ten decimals. */
  static String probability(int n) {
    return String.format(Locale.ROOT, "%.10f", 1.0 / n);
  }

  private static String quote(String comment) {
    return "\"" + comment + "\"";
  }
}
