package io.kava.proxy;

import io.kava.proxy.iptables.Iptables;
import io.kava.proxy.iptables.Table;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every packet for the service range on this machine: a filter-table REJECT in OUTPUT and
 * FORWARD for the whole range. The filter table runs after nat's DNAT, so a packet for a programmed
 * cluster IP has already been rewritten to its endpoint and passes; anything still addressed to the
 * range (no rule yet, a deleted Service, a typo) is refused on the spot and never sent to the uplink.
 * It is installed before any other rule and stays when kube-proxy exits; only --cleanup removes it.
 */
public final class ServiceRangeGuard {
  private static final Logger log = LoggerFactory.getLogger(ServiceRangeGuard.class);
  static final List<String> CHAINS = List.of("OUTPUT", "FORWARD");
  /** Part of every guard's comment: cleanup counts guards of other clusters by it. */
  public static final String COMMENT_SUFFIX = "service range guard";

  private final Iptables iptables;
  private final List<String> rule;

  public ServiceRangeGuard(Iptables iptables, ChainNames names, String serviceCidr) {
    this.iptables = iptables;
    this.rule = List.of("-d", serviceCidr, "-m", "comment", "--comment",
        "kava-proxy " + names.tag() + " " + COMMENT_SUFFIX, "-j", "REJECT");
  }

  public void ensure() {
    for (String chain : CHAINS) {
      if (!iptables.ensureRule(Table.FILTER, chain, rule)) {
        log.info("Inserted the service range guard in filter {}: {}", chain, String.join(" ", rule));
      }
    }
  }

  public void remove() {
    for (String chain : CHAINS) {
      while (iptables.delete(Table.FILTER, chain, rule)) {
        log.info("Removed the service range guard from filter {}", chain);
      }
    }
  }

  List<String> rule() {
    return rule;
  }
}
