package io.kava.proxy.netpol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filter-table chains of one network policy sync. Each chain is declared ":CHAIN - [0:0]", which
 * makes iptables-restore --noflush flush it and take exactly the rules given: every policy chain is
 * rewritten in one transaction, nothing else in the table is touched (as kube-proxy's RuleSet).
 */
public final class PolicyRuleSet {
  private final Map<String, List<String>> chains = new LinkedHashMap<>();

  PolicyRuleSet(String entryChain) {
    chain(entryChain);
  }

  void chain(String name) {
    chains.computeIfAbsent(name, n -> new ArrayList<>());
  }

  void rule(String chain, String rule) {
    chains.get(chain).add(rule.strip());
  }

  /** Every chain this sync writes; a per-pod chain of ours not among them is stale. */
  public Set<String> chains() {
    return Set.copyOf(chains.keySet());
  }

  /** The rules of one chain, in order, as they follow "-A CHAIN". */
  public List<String> rules(String chain) {
    return List.copyOf(chains.getOrDefault(chain, List.of()));
  }

  /** The iptables-restore input; stale chains are flushed and deleted (-X) after the rules that used them. */
  public String restoreText(Collection<String> stale) {
    StringBuilder out = new StringBuilder("*filter\n");
    chains.keySet().forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
    stale.forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
    chains.forEach((c, rules) -> rules.forEach(r -> out.append("-A ").append(c).append(' ').append(r).append('\n')));
    stale.forEach(c -> out.append("-X ").append(c).append('\n'));
    return out.append("COMMIT\n").toString();
  }
}
