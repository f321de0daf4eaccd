package io.kava.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The filter and nat rules of one sync, as upstream's four line buffers (filterChains, filterRules,
 * natChains, natRules). Each chain is declared with ":CHAIN - [0:0]", which makes iptables-restore
 * --noflush flush it and take the rules given here: the whole state of every chain of ours is
 * rewritten in one transaction, and nothing else in the tables is touched.
 */
public final class RuleSet {
  private final List<String> filterChains = new ArrayList<>();
  private final List<String> filterRules = new ArrayList<>();
  private final List<String> natChains = new ArrayList<>();
  private final List<String> natRules = new ArrayList<>();
  private final Set<String> activeNatChains = new LinkedHashSet<>();

  void filterChain(String chain) {
    filterChains.add(chainLine(chain));
  }

  void filterRule(String... parts) {
    filterRules.add(String.join(" ", parts));
  }

  void natChain(String chain) {
    natChains.add(chainLine(chain));
    activeNatChains.add(chain);
  }

  void natRule(String... parts) {
    natRules.add(String.join(" ", parts));
  }

  /** Nat chains this sync writes; any other service chain of ours is stale. */
  public Set<String> activeNatChains() {
    return Set.copyOf(activeNatChains);
  }

  /**
   * The iptables-restore input. Stale chains are declared (flushing them) and then deleted with -X in
   * the same transaction, as upstream does, after the rules that used to jump to them are replaced.
   */
  public String restoreText(Collection<String> staleNatChains) {
    StringBuilder out = new StringBuilder();
    out.append("*filter\n");
    filterChains.forEach(l -> out.append(l).append('\n'));
    filterRules.forEach(l -> out.append(l).append('\n'));
    out.append("COMMIT\n");
    out.append("*nat\n");
    natChains.forEach(l -> out.append(l).append('\n'));
    staleNatChains.forEach(c -> out.append(chainLine(c)).append('\n'));
    natRules.forEach(l -> out.append(l).append('\n'));
    staleNatChains.forEach(c -> out.append("-X ").append(c).append('\n'));
    out.append("COMMIT\n");
    return out.toString();
  }

  static String chainLine(String chain) {
    return ":" + chain + " - [0:0]";
  }
}
