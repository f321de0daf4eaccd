package io.kava.client.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodNetworkGuardTest {
  private static final List<String> FILTER_JUMP = List.of("-j", PodNetworkGuard.CHAIN);

  /** The chains of the filter and mangle tables, as iptables would keep them; also logs every change. */
  private static final class FakeIptables implements PodNetworkGuard.Iptables {
    final Map<String, Map<String, List<List<String>>>> tables = new HashMap<>();
    final List<String> changes = new ArrayList<>();

    List<List<String>> chain(String table, String name) {
      return tables.computeIfAbsent(table, t -> new HashMap<>()).computeIfAbsent(name, n -> new ArrayList<>());
    }

    boolean exists(String table, String name) {
      return tables.getOrDefault(table, Map.of()).containsKey(name);
    }

    @Override
    public int run(String table, List<String> args) {
      String op = args.get(0);
      if (op.equals("-n")) {
        return exists(table, args.get(2)) ? 0 : 1;
      }
      String name = args.get(1);
      boolean builtIn = name.equals(name.toUpperCase()) && !name.equals(PodNetworkGuard.CHAIN);
      if (!builtIn && !exists(table, name) && !op.equals("-N")) {
        return 1;
      }
      List<List<String>> rules = chain(table, name);
      switch (op) {
        case "-N": return 0;
        case "-X":
          if (!rules.isEmpty()) {
            return 1;
          }
          tables.get(table).remove(name);
          changes.add(table + " -X " + name);
          return 0;
        case "-F": rules.clear(); return 0;
        case "-C": return rules.contains(args.subList(2, args.size())) ? 0 : 1;
        case "-I":
          rules.add(Integer.parseInt(args.get(2)) - 1, List.copyOf(args.subList(3, args.size())));
          changes.add(table + " " + String.join(" ", args));
          return 0;
        case "-A":
          rules.add(List.copyOf(args.subList(2, args.size())));
          changes.add(table + " " + String.join(" ", args));
          return 0;
        case "-D":
          boolean removed = rules.remove(args.subList(2, args.size()));
          if (removed) {
            changes.add(table + " " + String.join(" ", args));
          }
          return removed ? 0 : 1;
        default: return 1;
      }
    }

    @Override
    public List<String> rules(String table, String name) {
      return chain(table, name).stream().map(r -> "-A " + name + " " + String.join(" ", r)).toList();
    }
  }

  @Test
  void filterRejectsTheClusterCidrOffThePodBridgesButLeavesDnatedPacketsToManglePostrouting() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables);

    guard.ensure();
    guard.ensure();

    assertThat(iptables.chain("filter", "OUTPUT")).containsExactly(FILTER_JUMP);
    assertThat(iptables.chain("filter", "FORWARD")).containsExactly(FILTER_JUMP);
    assertThat(iptables.rules("filter", PodNetworkGuard.CHAIN)).containsExactly(
        "-A KAVA-POD-GUARD -m conntrack --ctstate DNAT -j RETURN",
        "-A KAVA-POD-GUARD -o lo -j RETURN",
        "-A KAVA-POD-GUARD -d 10.244.0.0/16 ! -o kbr+ -m comment --comment kava pod network guard -j REJECT");
    // Every packet is judged again after routing, with the same range rule (DROP: mangle cannot REJECT):
    // DNATed ones there only, the rest after any ACCEPT another program put above the filter jump.
    assertThat(iptables.rules("mangle", "POSTROUTING")).containsExactly("-A POSTROUTING -j KAVA-POD-GUARD");
    assertThat(iptables.rules("mangle", PodNetworkGuard.CHAIN)).containsExactly(
        "-A KAVA-POD-GUARD -o lo -j RETURN",
        "-A KAVA-POD-GUARD -d 10.244.0.0/16 ! -o kbr+ -m comment --comment kava pod network guard -j DROP");
  }

  @Test
  void theManglePostroutingJudgeIsInPlaceBeforeTheFilterChainLetsDnatedPacketsPass() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard.standard(iptables).ensure();

    int mangleJump = iptables.changes.indexOf("mangle -I POSTROUTING 1 -j KAVA-POD-GUARD");
    int mangleDrop = indexOf(iptables.changes, "mangle -A KAVA-POD-GUARD -d 10.244.0.0/16");
    int dnatReturn = iptables.changes.indexOf("filter -I KAVA-POD-GUARD 1 -m conntrack --ctstate DNAT -j RETURN");
    int filterReject = indexOf(iptables.changes, "filter -A KAVA-POD-GUARD -d 10.244.0.0/16");
    assertThat(mangleDrop).isNotNegative().isLessThan(mangleJump);
    assertThat(mangleJump).isLessThan(dnatReturn);
    assertThat(dnatReturn).isLessThan(filterReject);
  }

  @Test
  void aGuardOfTheFirstVersionJudgingOnlyDnatedPacketsInMangleGetsTheJumpForEveryPacket() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard.standard(iptables).ensure();
    iptables.chain("mangle", "POSTROUTING").clear();
    iptables.chain("mangle", "POSTROUTING").add(PodNetworkGuard.DNAT_ONLY_JUMP);

    PodNetworkGuard.standard(iptables).ensure();

    assertThat(iptables.rules("mangle", "POSTROUTING")).containsExactly("-A POSTROUTING -j KAVA-POD-GUARD");
  }

  @Test
  void removeLeavesBothChainsWhileAnotherRangesRulesAreInThemThenRemovesFilterBeforeMangle() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard.standard(iptables).ensure();
    // deploy/netguard.sh's rules for the simulated hosts' network, in the same chains.
    iptables.chain("filter", PodNetworkGuard.CHAIN).add(PodNetworkGuard.rejectRule("10.250.0.0/24", "kava-hosts"));
    iptables.chain("mangle", PodNetworkGuard.CHAIN).add(PodNetworkGuard.dropRule("10.250.0.0/24", "kava-hosts"));

    PodNetworkGuard.standard(iptables).remove();
    assertThat(iptables.rules("filter", PodNetworkGuard.CHAIN))
        .noneMatch(r -> r.contains("10.244.0.0/16")).anyMatch(r -> r.contains("10.250.0.0/24"));
    assertThat(iptables.rules("mangle", PodNetworkGuard.CHAIN))
        .noneMatch(r -> r.contains("10.244.0.0/16")).anyMatch(r -> r.contains("10.250.0.0/24"));
    assertThat(iptables.chain("filter", "OUTPUT")).containsExactly(FILTER_JUMP);
    assertThat(iptables.chain("mangle", "POSTROUTING")).hasSize(1);

    iptables.chain("filter", PodNetworkGuard.CHAIN).remove(PodNetworkGuard.rejectRule("10.250.0.0/24", "kava-hosts"));
    iptables.chain("mangle", PodNetworkGuard.CHAIN).remove(PodNetworkGuard.dropRule("10.250.0.0/24", "kava-hosts"));
    iptables.changes.clear();
    PodNetworkGuard.standard(iptables).remove();
    assertThat(iptables.chain("filter", "OUTPUT")).isEmpty();
    assertThat(iptables.chain("filter", "FORWARD")).isEmpty();
    assertThat(iptables.chain("mangle", "POSTROUTING")).isEmpty();
    assertThat(iptables.exists("filter", PodNetworkGuard.CHAIN)).isFalse();
    assertThat(iptables.exists("mangle", PodNetworkGuard.CHAIN)).isFalse();
    assertThat(iptables.changes.indexOf("filter -X KAVA-POD-GUARD"))
        .isNotNegative().isLessThan(indexOf(iptables.changes, "mangle -D POSTROUTING"));
  }

  @Test
  void aPodCidrOutsideTheClusterCidrGetsItsRejectAndItsDropWhichRemoveTakesToo() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables).with(new PodNetworkGuard.Range("10.99.0.0/24", "kbr-10-99-0"));
    guard.ensure();
    assertThat(iptables.chain("filter", PodNetworkGuard.CHAIN)).contains(PodNetworkGuard.rejectRule("10.99.0.0/24", "kbr-10-99-0"));
    assertThat(iptables.chain("mangle", PodNetworkGuard.CHAIN)).contains(PodNetworkGuard.dropRule("10.99.0.0/24", "kbr-10-99-0"));

    guard.remove();
    assertThat(iptables.exists("filter", PodNetworkGuard.CHAIN)).isFalse();
    assertThat(iptables.exists("mangle", PodNetworkGuard.CHAIN)).isFalse();
  }

  private static int indexOf(List<String> changes, String prefix) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void allowPutsTheGuardInFirstThenReturnsExactlyThatPodCidrOverThatInterfaceInBothChains() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables);

    guard.allow("10.244.4.0/24", "eth0");
    guard.allow("10.244.4.0/24", "eth0");

    String allow = "-A KAVA-POD-GUARD -d 10.244.4.0/24 -o eth0 -m comment --comment kava guard 10.244.4.0/24 via eth0 -j RETURN";
    assertThat(iptables.chain("filter", "OUTPUT")).containsExactly(FILTER_JUMP);
    assertThat(iptables.rules("filter", PodNetworkGuard.CHAIN)).containsExactly(allow,
        "-A KAVA-POD-GUARD -m conntrack --ctstate DNAT -j RETURN",
        "-A KAVA-POD-GUARD -o lo -j RETURN",
        "-A KAVA-POD-GUARD -d 10.244.0.0/16 ! -o kbr+ -m comment --comment kava pod network guard -j REJECT");
    // A cluster IP or NodePort whose endpoint is on that host is DNATed: judged in mangle, opened there too.
    assertThat(iptables.rules("mangle", PodNetworkGuard.CHAIN)).containsExactly(allow,
        "-A KAVA-POD-GUARD -o lo -j RETURN",
        "-A KAVA-POD-GUARD -d 10.244.0.0/16 ! -o kbr+ -m comment --comment kava pod network guard -j DROP");
    // The guard's own rules went in before the first opening.
    assertThat(indexOf(iptables.changes, "filter -A KAVA-POD-GUARD -d 10.244.0.0/16"))
        .isLessThan(indexOf(iptables.changes, "filter -I KAVA-POD-GUARD 1 -d 10.244.4.0/24"));
  }

  @Test
  void unallowTakesOnlyThatEntryAwayAndTheRangeRulesStay() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables);
    guard.allow("10.244.4.0/24", "eth0");
    guard.allow("10.244.5.0/24", "eth0");

    guard.unallow("10.244.4.0/24", "eth0");
    guard.unallow("10.244.4.0/24", "eth0");

    for (String table : List.of("filter", "mangle")) {
      assertThat(iptables.chain(table, PodNetworkGuard.CHAIN)).as(table)
          .doesNotContain(PodNetworkGuard.allowRule("10.244.4.0/24", "eth0"))
          .startsWith(PodNetworkGuard.allowRule("10.244.5.0/24", "eth0"))
          .contains(PodNetworkGuard.LOOPBACK);
    }
    assertThat(iptables.chain("filter", PodNetworkGuard.CHAIN)).contains(PodNetworkGuard.rejectRule("10.244.0.0/16", "kbr+"));
    assertThat(iptables.chain("mangle", PodNetworkGuard.CHAIN)).contains(PodNetworkGuard.dropRule("10.244.0.0/16", "kbr+"));
  }

  @Test
  void unallowWithoutAGuardDoesNothing() {
    FakeIptables iptables = new FakeIptables();

    PodNetworkGuard.standard(iptables).unallow("10.244.4.0/24", "eth0");

    assertThat(iptables.exists("filter", PodNetworkGuard.CHAIN)).isFalse();
    assertThat(iptables.exists("mangle", PodNetworkGuard.CHAIN)).isFalse();
    assertThat(iptables.changes).isEmpty();
  }
}
