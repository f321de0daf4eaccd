package io.kava.client.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodNetworkGuardTest {
  /** A filter table of one chain, as iptables would keep it. */
  private static final class FakeIptables implements PodNetworkGuard.Iptables {
    final List<List<String>> chain = new ArrayList<>();
    final List<String> jumps = new ArrayList<>();
    boolean exists;

    @Override
    public int run(List<String> args) {
      String op = args.get(0);
      List<String> rest = args.subList(op.equals("-n") ? 0 : 2, args.size());
      boolean guard = args.size() > 1 && args.get(1).equals(PodNetworkGuard.CHAIN);
      switch (op) {
        case "-n": return exists ? 0 : 1;
        case "-N": exists = true; return 0;
        case "-X": exists = false; return chain.isEmpty() ? 0 : 1;
        case "-F": chain.clear(); return 0;
        case "-C": return (guard ? chain.contains(rest) : jumps.contains(args.get(1))) ? 0 : 1;
        case "-I":
          if (guard) {
            chain.add(0, args.subList(3, args.size()));
          } else {
            jumps.add(args.get(1));
          }
          return 0;
        case "-A": chain.add(rest); return 0;
        case "-D": return (guard ? chain.remove(rest) : jumps.remove(args.get(1))) ? 0 : 1;
        default: return 1;
      }
    }

    @Override
    public List<String> rules(String name) {
      return chain.stream().map(r -> "-A " + PodNetworkGuard.CHAIN + " " + String.join(" ", r)).toList();
    }
  }

  @Test
  void loopbackReturnsBeforeTheRejectOfTheClusterCidrOffThePodBridgesAndEnsuringTwiceAddsNothing() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables);

    guard.ensure();
    guard.ensure();

    assertThat(iptables.jumps).containsExactly("OUTPUT", "FORWARD");
    assertThat(iptables.chain).containsExactly(PodNetworkGuard.LOOPBACK, PodNetworkGuard.rejectRule("10.244.0.0/16", "kbr+"));
    // deploy/netguard.sh (branch hosts) writes the same words, so neither duplicates the other's rule.
    assertThat(String.join(" ", PodNetworkGuard.rejectRule("10.244.0.0/16", "kbr+")))
        .isEqualTo("-d 10.244.0.0/16 ! -o kbr+ -m comment --comment kava pod network guard -j REJECT");
  }

  @Test
  void removeLeavesTheChainWhileAnotherRangesRulesAreInIt() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard.standard(iptables).ensure();
    // deploy/netguard.sh's rule for the simulated hosts' network, in the same chain.
    iptables.chain.add(PodNetworkGuard.rejectRule("10.250.0.0/24", "kava-hosts"));

    PodNetworkGuard.standard(iptables).remove();
    assertThat(iptables.chain).containsExactly(PodNetworkGuard.LOOPBACK,
        PodNetworkGuard.rejectRule("10.250.0.0/24", "kava-hosts"));
    assertThat(iptables.jumps).hasSize(2);

    iptables.chain.remove(PodNetworkGuard.rejectRule("10.250.0.0/24", "kava-hosts"));
    PodNetworkGuard.standard(iptables).remove();
    assertThat(iptables.jumps).isEmpty();
    assertThat(iptables.exists).isFalse();
  }

  @Test
  void allowPutsTheGuardInFirstThenReturnsExactlyThatPodCidrOverThatInterfaceAboveTheReject() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables);

    guard.allow("10.244.4.0/24", "eth0");
    guard.allow("10.244.4.0/24", "eth0");

    assertThat(iptables.jumps).containsExactly("OUTPUT", "FORWARD");
    assertThat(iptables.chain).containsExactly(PodNetworkGuard.allowRule("10.244.4.0/24", "eth0"),
        PodNetworkGuard.LOOPBACK, PodNetworkGuard.rejectRule("10.244.0.0/16", "kbr+"));
    // deploy/netguard.sh's guard_allow writes the same words.
    assertThat(String.join(" ", PodNetworkGuard.allowRule("10.244.4.0/24", "eth0")))
        .isEqualTo("-d 10.244.4.0/24 -o eth0 -m comment --comment kava guard 10.244.4.0/24 via eth0 -j RETURN");
  }

  @Test
  void unallowTakesOnlyThatEntryAwayAndTheRejectStays() {
    FakeIptables iptables = new FakeIptables();
    PodNetworkGuard guard = PodNetworkGuard.standard(iptables);
    guard.allow("10.244.4.0/24", "eth0");
    guard.allow("10.244.5.0/24", "eth0");

    guard.unallow("10.244.4.0/24", "eth0");
    guard.unallow("10.244.4.0/24", "eth0");

    assertThat(iptables.chain).containsExactly(PodNetworkGuard.allowRule("10.244.5.0/24", "eth0"),
        PodNetworkGuard.LOOPBACK, PodNetworkGuard.rejectRule("10.244.0.0/16", "kbr+"));
  }

  @Test
  void unallowWithoutAGuardDoesNothing() {
    FakeIptables iptables = new FakeIptables();

    PodNetworkGuard.standard(iptables).unallow("10.244.4.0/24", "eth0");

    assertThat(iptables.exists).isFalse();
    assertThat(iptables.chain).isEmpty();
  }
}
