package io.kava.proxy;

import io.kava.proxy.iptables.Iptables;
import io.kava.proxy.iptables.Table;
import io.kava.proxy.sysctl.RouteLocalnet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `kube-proxy --cleanup`, as upstream's CleanupLeftovers but for one cluster only: unlinks the jump
 * rules, flushes and deletes every chain whose name starts with this cluster's tag (one
 * iptables-restore for both tables), removes the service range guard, and puts route_localnet back
 * when no other Kava cluster on the host still has its guard.
 */
public final class Cleanup {
  private static final Logger log = LoggerFactory.getLogger(Cleanup.class);

  private final Iptables iptables;
  private final ChainNames names;
  private final ServiceRangeGuard guard;
  private final RouteLocalnet routeLocalnet;

  public Cleanup(Iptables iptables, ChainNames names, ServiceRangeGuard guard, RouteLocalnet routeLocalnet) {
    this.iptables = iptables;
    this.names = names;
    this.guard = guard;
    this.routeLocalnet = routeLocalnet;
  }

  public void run() {
    // Both variants of the jump list, so a cleanup finds the firewall jumps whatever the last run used.
    for (JumpRule jump : JumpRule.all(names, true)) {
      while (iptables.delete(jump.table(), jump.sourceChain(), jump.args())) {
        log.info("Removed jump from {} {} to {}", jump.table().tableName(), jump.sourceChain(), jump.targetChain());
      }
    }
    new io.kava.proxy.netpol.PolicyJump(iptables, names).remove();
    StringBuilder restore = new StringBuilder();
    int removed = 0;
    for (Table table : List.of(Table.FILTER, Table.NAT)) {
      Set<String> own = SavedChains.of(iptables.save(table)).stream().filter(names::isOwn)
          .collect(Collectors.toCollection(TreeSet::new));
      restore.append('*').append(table.tableName()).append('\n');
      own.forEach(c -> restore.append(RuleSet.chainLine(c)).append('\n'));
      own.forEach(c -> restore.append("-X ").append(c).append('\n'));
      restore.append("COMMIT\n");
      removed += own.size();
    }
    if (removed > 0) {
      iptables.restore(restore.toString());
    }
    log.info("Removed {} chains of cluster tag {}", removed, names.tag());
    guard.remove();
    boolean others = iptables.save(Table.FILTER).contains(ServiceRangeGuard.COMMENT_SUFFIX);
    routeLocalnet.restore(others);
  }
}
