package io.kava.proxy;

import io.kava.proxy.iptables.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule in a built-in chain that leads into one of ours (upstream's iptablesJumpChain). These cannot
 * be part of the iptables-restore transaction without rewriting the whole built-in chain, so they are
 * ensured one by one with -C and -I, as upstream's EnsureRule.
 */
public record JumpRule(Table table, String sourceChain, String targetChain, String comment, List<String> extraArgs) {
  public JumpRule {
    extraArgs = List.copyOf(extraArgs);
  }

  /** The rule's arguments after the chain name, as iptables -C/-I/-D take them. */
  public List<String> args() {
    List<String> args = new ArrayList<>(extraArgs);
    args.addAll(List.of("-m", "comment", "--comment", comment, "-j", targetChain));
    return args;
  }

  /** Upstream's iptablesJumpChains for the chains Kava uses, with this cluster's chain names. */
  public static List<JumpRule> all(ChainNames names, boolean localhostNodePorts) {
    List<String> newOnly = List.of("-m", "conntrack", "--ctstate", "NEW");
    List<JumpRule> rules = new ArrayList<>(List.of(
        new JumpRule(Table.FILTER, "INPUT", names.externalServices(), "kubernetes externally-visible service portals", newOnly),
        new JumpRule(Table.FILTER, "FORWARD", names.externalServices(), "kubernetes externally-visible service portals", newOnly),
        new JumpRule(Table.FILTER, "FORWARD", names.services(), "kubernetes service portals", newOnly),
        new JumpRule(Table.FILTER, "OUTPUT", names.services(), "kubernetes service portals", newOnly),
        new JumpRule(Table.FILTER, "FORWARD", names.forward(), "kubernetes forwarding rules", List.of()),
        new JumpRule(Table.NAT, "OUTPUT", names.services(), "kubernetes service portals", List.of()),
        new JumpRule(Table.NAT, "PREROUTING", names.services(), "kubernetes service portals", List.of()),
        new JumpRule(Table.NAT, "POSTROUTING", names.postrouting(), "kubernetes postrouting rules", List.of())));
    if (localhostNodePorts) {
      rules.add(new JumpRule(Table.FILTER, "INPUT", names.firewall(), "kubernetes localnet firewall", List.of()));
      rules.add(new JumpRule(Table.FILTER, "OUTPUT", names.firewall(), "kubernetes localnet firewall", List.of()));
    }
    return rules;
  }
}
