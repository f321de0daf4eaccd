package io.kava.proxy;

import io.kava.proxy.iptables.Iptables;
import io.kava.proxy.iptables.Table;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the desired rules to iptables. A full sync (the first, the periodic one, the one after a
 * failure) first ensures the service range guard and the jump rules from the built-in chains, which
 * repairs them if someone deleted them; every sync then rewrites all chains of this cluster and
 * deletes the service chains no longer used, in one iptables-restore transaction.
 */
public final class Proxier {
  private static final Logger log = LoggerFactory.getLogger(Proxier.class);

  private final Iptables iptables;
  private final ChainNames names;
  private final ProxyRules rules;
  private final ServiceRangeGuard guard;
  private final List<JumpRule> jumps;

  public Proxier(Iptables iptables, ChainNames names, ProxyRules rules, ServiceRangeGuard guard, List<JumpRule> jumps) {
    this.iptables = iptables;
    this.names = names;
    this.rules = rules;
    this.guard = guard;
    this.jumps = List.copyOf(jumps);
  }

  public void sync(List<ServicePortInfo> servicePorts, boolean full) {
    long start = System.nanoTime();
    if (full) {
      guard.ensure();
    }
    RuleSet ruleSet = rules.render(servicePorts);
    Set<String> stale = new TreeSet<>();
    for (String chain : SavedChains.of(iptables.save(Table.NAT))) {
      if (names.isServiceChain(chain) && !ruleSet.activeNatChains().contains(chain)) {
        stale.add(chain);
      }
    }
    iptables.restore(ruleSet.restoreText(stale));
    // The jumps come after the restore: on the very first sync the chains they name only exist now.
    if (full) {
      for (JumpRule jump : jumps) {
        if (!iptables.ensureRule(jump.table(), jump.sourceChain(), jump.args())) {
          log.info("Inserted jump from {} {} to {}", jump.table().tableName(), jump.sourceChain(), jump.targetChain());
        }
      }
    }
    log.debug("Synced {} service ports ({} full, {} stale chains deleted) in {} ms", servicePorts.size(),
        full ? "was" : "was not", stale.size(), (System.nanoTime() - start) / 1_000_000);
  }
}
