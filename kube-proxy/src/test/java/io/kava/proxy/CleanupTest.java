package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.proxy.iptables.FakeIptables;
import io.kava.proxy.iptables.Table;
import io.kava.proxy.sysctl.RouteLocalnet;
import io.kava.proxy.sysctl.Sysctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupTest {
  @TempDir
  Path runDir;

  private final FakeIptables iptables = new FakeIptables();
  private final FakeSysctl sysctl = new FakeSysctl();

  static final class FakeSysctl implements Sysctl {
    final Map<String, Integer> values = new HashMap<>(Map.of(RouteLocalnet.NAME, 0));

    @Override
    public int get(String name) {
      return values.get(name);
    }

    @Override
    public void set(String name, int value) {
      values.put(name, value);
    }
  }

  private void startCluster(String tag, String cidr) {
    ChainNames names = new ChainNames(tag);
    ServiceRangeGuard guard = new ServiceRangeGuard(iptables, names, cidr);
    guard.ensure();
    new RouteLocalnet(sysctl, runDir).ensure();
    new Proxier(iptables, names, new ProxyRules(names, "172.17.0.0/16", true), guard, JumpRule.all(names, true))
        .sync(List.of(new ServicePortInfo("default", "web", "", "TCP", cidr.replace("0/24", "10"), 80, 30080, 0,
            List.of(Endpoint.ready("172.17.0.2", 80)))), true);
    // And the network policy chains: the entry chain, its FORWARD jump, a pod's ingress chain.
    new io.kava.proxy.netpol.NetworkPolicyController(iptables, names,
        () -> List.of(io.kava.proxy.netpol.NetworkPolicyRulesTest.policy("default", "deny", "podSelector: {}")),
        () -> List.of(io.kava.proxy.netpol.NetworkPolicyRulesTest.SERVER), List::of)
        .reconcile(io.kava.proxy.netpol.NetworkPolicyController.KEY);
    assertThat(iptables.save(Table.FILTER)).contains("-j " + tag + "-NETPOL").contains(tag + "-NPI-");
  }

  private Cleanup cleanup(String tag, String cidr) {
    ChainNames names = new ChainNames(tag);
    return new Cleanup(iptables, names, new ServiceRangeGuard(iptables, names, cidr), new RouteLocalnet(sysctl, runDir));
  }

  @Test
  void removesOnlyItsOwnClustersChainsJumpsAndGuardAndRestoresRouteLocalnetLast() {
    startCluster("KA", "10.200.1.0/24");
    startCluster("KB", "10.200.2.0/24");
    assertThat(sysctl.values.get(RouteLocalnet.NAME)).isEqualTo(1);

    cleanup("KA", "10.200.1.0/24").run();

    String filter = iptables.save(Table.FILTER);
    String nat = iptables.save(Table.NAT);
    assertThat(filter + nat).doesNotContain("KA-").doesNotContain("10.200.1.0/24").contains("KB-SERVICES")
        .contains("10.200.2.0/24");
    assertThat(iptables.lastRestore()).contains("*filter\n:KA-EXTERNAL-SERVICES - [0:0]\n")
        .contains("-X KA-SERVICES\n").doesNotContain("KB-");
    assertThat(sysctl.values.get(RouteLocalnet.NAME)).as("KB still needs it").isEqualTo(1);

    cleanup("KB", "10.200.2.0/24").run();

    assertThat(iptables.save(Table.FILTER) + iptables.save(Table.NAT)).doesNotContain("KB-").doesNotContain("KA-")
        .doesNotContain("guard");
    assertThat(sysctl.values.get(RouteLocalnet.NAME)).isZero();
    assertThat(Files.exists(runDir.resolve("route_localnet.orig"))).isFalse();
  }

  @Test
  void cleanupOfAClusterThatNeverRanChangesNothing() {
    sysctl.values.put(RouteLocalnet.NAME, 1); // set by the machine's owner, not by Kava: never touched

    cleanup("KA", "10.200.1.0/24").run();

    assertThat(iptables.restores).isEmpty();
    assertThat(sysctl.values.get(RouteLocalnet.NAME)).isEqualTo(1);
  }
}
