package io.kava.proxy.netpol;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.api.networking.v1.IPBlock;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.api.networking.v1.NetworkPolicyPeer;
import io.kava.api.networking.v1.NetworkPolicyPort;
import io.kava.proxy.ChainNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * NetworkPolicies and pods to filter-table rules (pure), in the shape of kube-router's and Calico's:
 * <pre>
 * FORWARD -> TAG-NETPOL: replies of allowed connections (conntrack RELATED,ESTABLISHED) RETURN at once;
 *                        -s podIP -> TAG-NPE-&lt;pod&gt;  for every pod an Egress policy selects,
 *                        -d podIP -> TAG-NPI-&lt;pod&gt;  for every pod an Ingress policy selects.
 * TAG-NPI/NPE-&lt;pod&gt;:  the union of the allow rules of every policy selecting the pod, each -j RETURN
 *                        (so the packet goes on to the ingress check and the rest of FORWARD), then DROP.
 * TAG-NPX-&lt;hash&gt;:     an ipBlock with excepts: RETURN for each except, MARK 0x10000 for the cidr; the
 *                        pod chain RETURNs marked packets.
 * </pre>
 * A pod selected by no policy of a type has no chain of that type: unrestricted, as upstream. Pods are
 * matched by pod IP; peers by the pod IPs of the pods the selectors pick anywhere in the cluster. Named
 * ports are resolved on the pod that owns them (the selected pod for ingress, the peer for egress); an
 * ipBlock peer takes only numeric ports. Nothing here drops traffic from or to the host itself, which
 * does not pass FORWARD: upstream lets a node always reach its pods.
 */
public final class NetworkPolicyRules {
  static final String INGRESS = "Ingress";
  static final String EGRESS = "Egress";
  /** A bit of its own beside kube-proxy's masquerade mark 0x4000; only ipBlock chains set it. */
  static final String ALLOW_MARK = "0x10000/0x10000";

  private final ChainNames names;

  public NetworkPolicyRules(ChainNames names) {
    this.names = names;
  }

  /** The rules for every pod of the cluster; policies in namespace/name order so the text is stable. */
  public PolicyRuleSet render(List<NetworkPolicy> policies, PolicyPods pods) {
    List<NetworkPolicy> sorted = policies.stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())).toList();
    PolicyRuleSet out = new PolicyRuleSet(names.networkPolicy());
    out.rule(names.networkPolicy(), "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN");
    List<String> ingressDispatch = new ArrayList<>();
    for (Pod pod : pods.all()) {
      String key = PolicyPods.key(pod);
      String ip = pod.getStatus().getPodIp() + "/32";
      List<NetworkPolicy> egress = selecting(sorted, pods, pod, EGRESS);
      if (!egress.isEmpty()) {
        String chain = names.podEgressChain(key);
        out.rule(names.networkPolicy(), "-s " + ip + comment(key + " egress") + " -j " + chain);
        podChain(out, chain, key, pod, egress, pods, false);
      }
      List<NetworkPolicy> ingress = selecting(sorted, pods, pod, INGRESS);
      if (!ingress.isEmpty()) {
        String chain = names.podIngressChain(key);
        ingressDispatch.add("-d " + ip + comment(key + " ingress") + " -j " + chain);
        podChain(out, chain, key, pod, ingress, pods, true);
      }
    }
    // Egress checks first: a packet allowed out of its pod still has to be let into the other.
    ingressDispatch.forEach(r -> out.rule(names.networkPolicy(), r));
    return out;
  }

  private static List<NetworkPolicy> selecting(List<NetworkPolicy> policies, PolicyPods pods, Pod pod, String type) {
    return policies.stream().filter(p -> p.getSpec().getPolicyTypesList().contains(type) && pods.isSelectedBy(pod, p))
        .toList();
  }

  private void podChain(PolicyRuleSet out, String chain, String podKey, Pod pod, List<NetworkPolicy> policies,
      PolicyPods pods, boolean ingress) {
    out.chain(chain);
    List<String> rules = new ArrayList<>();
    boolean usesMark = false;
    String direction = ingress ? "ingress" : "egress";
    String peerFlag = ingress ? "-s " : "-d ";
    for (NetworkPolicy policy : policies) {
      String policyName = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
      String allow = comment("policy " + policyName) + " -j RETURN";
      int count = ingress ? policy.getSpec().getIngressCount() : policy.getSpec().getEgressCount();
      for (int r = 0; r < count; r++) {
        List<NetworkPolicyPort> ports = ingress ? policy.getSpec().getIngress(r).getPortsList()
            : policy.getSpec().getEgress(r).getPortsList();
        List<NetworkPolicyPeer> peers = ingress ? policy.getSpec().getIngress(r).getFromList()
            : policy.getSpec().getEgress(r).getToList();
        if (peers.isEmpty()) {
          // Every source (ingress) or destination (egress). Egress named ports: the pods that have them.
          for (String match : portMatches(ports, ingress ? pod : null)) {
            rules.add(join(match, allow));
          }
          if (!ingress) {
            for (Pod peer : pods.all()) {
              for (String match : namedPortMatches(ports, peer)) {
                rules.add(join(peerFlag + ip(peer) + match, allow));
              }
            }
          }
          continue;
        }
        for (int p = 0; p < peers.size(); p++) {
          NetworkPolicyPeer peer = peers.get(p);
          if (peer.hasIpBlock()) {
            List<String> matches = portMatches(ports, ingress ? pod : null);
            if (matches.isEmpty()) {
              continue;
            }
            IPBlock block = peer.getIpBlock();
            if (block.getCidr().contains(":")) {
              continue; // IPv4 rules only (iptables, not ip6tables)
            }
            if (block.getExceptCount() == 0) {
              for (String match : matches) {
                rules.add(join(peerFlag + block.getCidr() + match, allow));
              }
            } else {
              String blockChain = names.ipBlockChain(podKey + "/" + direction + "/" + policyName + "/" + r + "/" + p);
              out.chain(blockChain);
              for (String except : block.getExceptList()) {
                out.rule(blockChain, peerFlag + except + " -j RETURN");
              }
              for (String match : matches) {
                out.rule(blockChain, join(peerFlag + block.getCidr() + match, "-j MARK --set-xmark " + ALLOW_MARK));
              }
              rules.add("-j " + blockChain);
              rules.add("-m mark --mark " + ALLOW_MARK + allow);
              usesMark = true;
            }
            continue;
          }
          for (Pod peerPod : pods.peers(policy.getMetadata().getNamespace(), peer)) {
            for (String match : portMatches(ports, ingress ? pod : peerPod)) {
              rules.add(join(peerFlag + ip(peerPod) + match, allow));
            }
          }
        }
      }
    }
    if (usesMark) {
      out.rule(chain, "-j MARK --set-xmark 0x0/0x10000");
    }
    new LinkedHashSet<>(rules).forEach(r -> out.rule(chain, r));
    out.rule(chain, comment(podKey + " " + direction + " not allowed by any policy") + " -j DROP");
  }

  /**
   * The port matches of a rule: [""] (every port) when it names none; else one per port, a named port
   * resolved on {@code owner}'s containers (left out when there is no owner or no such port).
   */
  static List<String> portMatches(List<NetworkPolicyPort> ports, Pod owner) {
    if (ports.isEmpty()) {
      return List.of("");
    }
    Set<String> out = new LinkedHashSet<>();
    for (NetworkPolicyPort port : ports) {
      String protocol = protocol(port);
      if (!port.hasPort()) {
        out.add(" -p " + protocol);
      } else if (port.getPort().hasIntVal()) {
        String range = port.hasEndPort() ? port.getPort().getIntVal() + ":" + port.getEndPort()
            : String.valueOf(port.getPort().getIntVal());
        out.add(" -p " + protocol + " -m " + protocol + " --dport " + range);
      } else if (owner != null) {
        for (int number : named(owner, port.getPort().getStrVal(), protocol)) {
          out.add(" -p " + protocol + " -m " + protocol + " --dport " + number);
        }
      }
    }
    return List.copyOf(out);
  }

  /** Only the named ports of a rule, resolved on the pod (for egress rules to every destination). */
  static List<String> namedPortMatches(List<NetworkPolicyPort> ports, Pod owner) {
    List<NetworkPolicyPort> named = ports.stream().filter(p -> p.hasPort() && p.getPort().hasStrVal()).toList();
    return named.isEmpty() ? List.of() : portMatches(named, owner);
  }

  private static List<Integer> named(Pod pod, String name, String protocol) {
    List<Integer> numbers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainersList()) {
      for (ContainerPort cp : c.getPortsList()) {
        String cpProtocol = cp.getProtocol().isEmpty() ? "tcp" : cp.getProtocol().toLowerCase(Locale.ROOT);
        if (cp.getName().equals(name) && cpProtocol.equals(protocol) && !numbers.contains(cp.getContainerPort())) {
          numbers.add(cp.getContainerPort());
        }
      }
    }
    return numbers;
  }

  private static String protocol(NetworkPolicyPort port) {
    return (port.hasProtocol() ? port.getProtocol() : "TCP").toLowerCase(Locale.ROOT);
  }

  private static String ip(Pod pod) {
    return pod.getStatus().getPodIp() + "/32";
  }

  private static String join(String match, String target) {
    String m = match.strip();
    String t = target.strip();
    return m.isEmpty() ? t : m + " " + t;
  }

  /** iptables-restore takes a double-quoted comment; names hold no quotes (DNS labels). */
  private static String comment(String text) {
    return " -m comment --comment \"" + text + "\"";
  }
}
