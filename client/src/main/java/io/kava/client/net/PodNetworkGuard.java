package io.kava.client.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The root namespace's guard for the pod network's invented range (docs/ENVIRONMENT's rule, the issue 13
 * plan), with the very rules deploy/netguard.sh writes, so either may come first. Two chains named
 * {@code KAVA-POD-GUARD}:
 * <ul>
 *   <li>filter, jumped to first from OUTPUT and FORWARD: {@code -o lo -j RETURN} (loopback never leaves the
 *   machine, and a 127.0.0.x hostPort that portmap DNATs to a pod still shows {@code lo} here),
 *   {@code -m conntrack --ctstate DNAT -j RETURN}, then per range a REJECT of everything for it that would not
 *   leave by its interface ({@code -d 10.244.0.0/16 ! -o kbr+}). Like kube-proxy's service range guard it runs
 *   after DNAT, so only what is addressed to the range after NAT is judged.</li>
 *   <li>mangle, jumped to first from POSTROUTING for every packet: the same rules with DROP. A locally made
 *   packet DNATed in nat OUTPUT (a cluster IP opened from the host) is rerouted after filter OUTPUT, whose
 *   {@code -o} still names the device of the route to its first destination (eth0); in POSTROUTING
 *   {@code -o} is the real device, so the filter chain's DNAT RETURN leaves those to this chain. It judges
 *   the rest too, as the last word: rules other programs insert above the filter jump (the CNI firewall
 *   plugin's {@code CNI-FORWARD}, kube-proxy's pod CIDR accept) ACCEPT pods' forwarded packets before the
 *   filter chain sees them, and nothing inserts accepts after mangle POSTROUTING.</li>
 * </ul>
 * netguard.sh adds RETURNs for a second interface (10.244.0.0/16 over kava-hosts) at the top of both. It is
 * installed before any pod route exists: the kubelet calls {@link #ensure} before it writes its CNI config
 * (so before the first bridge); the mangle chain and its jump go in before the filter chain's DNAT RETURN,
 * and each DROP before its REJECT, so there is no moment when a DNATed packet is judged by neither.
 * Idempotent and safe from several processes. It stays when they exit (other nodes of the host may have
 * pods); {@link #remove} (deploy/down.sh, once no kbr-* bridge is left) deletes this guard's REJECTs and
 * DROPs, and both chains once only their fixed RETURNs are left in them.
 */
public final class PodNetworkGuard {
  public static final String CHAIN = "KAVA-POD-GUARD";
  public static final String CLUSTER_CIDR = "10.244.0.0/16";
  public static final String POD_BRIDGES = "kbr+";
  public static final String FILTER = "filter";
  public static final String MANGLE = "mangle";
  static final List<String> FILTER_HOOKS = List.of("OUTPUT", "FORWARD");
  static final String MANGLE_HOOK = "POSTROUTING";
  static final List<String> LOOPBACK = List.of("-o", "lo", "-j", "RETURN");
  static final List<String> DNATED = List.of("-m", "conntrack", "--ctstate", "DNAT");
  /** filter: DNATed packets are judged in mangle POSTROUTING instead. */
  static final List<String> DNAT_RETURN = concat(DNATED, List.of("-j", "RETURN"));
  /** mangle POSTROUTING's jump: every packet, after routing and after any ACCEPT in filter. */
  static final List<String> MANGLE_JUMP = List.of("-j", CHAIN);
  /** The jump of the first version of this guard (DNATed packets only), taken away where it is found. */
  static final List<String> DNAT_ONLY_JUMP = concat(DNATED, List.of("-j", CHAIN));
  private static final String COMMENT = "kava pod network guard";

  /** Runs {@code iptables -t TABLE ARGS} and returns its exit code. */
  @FunctionalInterface
  public interface Iptables {
    int run(String table, List<String> args);

    /** The rules of a chain as {@code iptables -t TABLE -S CHAIN} prints them, without its "-N" line. */
    default List<String> rules(String table, String chain) {
      return List.of();
    }
  }

  /** One range and the interface its packets may leave by. */
  public record Range(String cidr, String outInterface) {}

  private final Iptables iptables;
  private final List<Range> ranges;

  public PodNetworkGuard(Iptables iptables, List<Range> ranges) {
    this.iptables = iptables;
    this.ranges = List.copyOf(ranges);
  }

  /** The cluster CIDR, out only by the pod bridges. */
  public static PodNetworkGuard standard(Iptables iptables) {
    return new PodNetworkGuard(iptables, List.of(new Range(CLUSTER_CIDR, POD_BRIDGES)));
  }

  /** This guard with one more range (a podCIDR outside the standard cluster CIDR). */
  public PodNetworkGuard with(Range range) {
    List<Range> all = new ArrayList<>(ranges);
    if (!all.contains(range)) {
      all.add(range);
    }
    return new PodNetworkGuard(iptables, all);
  }

  /** deploy/netguard.sh's filter REJECT of a range unless it leaves by outInterface. */
  public static List<String> rejectRule(String cidr, String outInterface) {
    return List.of("-d", cidr, "!", "-o", outInterface, "-m", "comment", "--comment", COMMENT, "-j", "REJECT");
  }

  /**
   * deploy/netguard.sh's RETURN (guard_allow) letting cidr also leave by outInterface: a route to another
   * node's podCIDR through this host's own interface (kube-proxy's --route-pod-cidrs).
   */
  public static List<String> allowRule(String cidr, String outInterface) {
    return List.of("-d", cidr, "-o", outInterface, "-m", "comment", "--comment",
        "kava guard " + cidr + " via " + outInterface, "-j", "RETURN");
  }

  /**
   * Lets exactly cidr also leave by outInterface, at the top of both chains (as guard_allow: DNATed packets,
   * a cluster IP or NodePort whose endpoint is on another host, are judged in mangle); the guard itself
   * ({@link #ensure}) goes in first, so the range is never left unguarded. Idempotent.
   */
  public void allow(String cidr, String outInterface) {
    ensure();
    for (String table : List.of(MANGLE, FILTER)) {
      if (!exists(table, CHAIN, allowRule(cidr, outInterface))) {
        must(table, concat(List.of("-I", CHAIN, "1"), allowRule(cidr, outInterface)));
      }
    }
  }

  /** Takes {@link #allow}'s entries away again (the route went); nothing when there are none. */
  public void unallow(String cidr, String outInterface) {
    for (String table : List.of(FILTER, MANGLE)) {
      if (chainExists(table)) {
        deleteAll(table, CHAIN, allowRule(cidr, outInterface));
      }
    }
  }

  /** deploy/netguard.sh's mangle DROP of a packet for a range unless it leaves by outInterface. */
  public static List<String> dropRule(String cidr, String outInterface) {
    return List.of("-d", cidr, "!", "-o", outInterface, "-m", "comment", "--comment", COMMENT, "-j", "DROP");
  }

  /** The rules of each table's chain that are not a range's: they stay until the chain goes. */
  static List<String> fixedRules(String table) {
    List<List<String>> fixed = table.equals(FILTER) ? List.of(LOOPBACK, DNAT_RETURN) : List.of(LOOPBACK);
    return fixed.stream().map(r -> "-A " + CHAIN + " " + String.join(" ", r)).toList();
  }

  /** Creates the chains and jumps if missing: mangle's first, then filter's (see the class comment). */
  public void ensure() {
    ensureChain(MANGLE, List.of(LOOPBACK));
    for (Range r : ranges) {
      append(MANGLE, dropRule(r.cidr(), r.outInterface()));
    }
    insertJump(MANGLE, MANGLE_HOOK, MANGLE_JUMP);
    deleteIfPresent(MANGLE, MANGLE_HOOK, DNAT_ONLY_JUMP);
    ensureChain(FILTER, List.of(LOOPBACK, DNAT_RETURN));
    for (Range r : ranges) {
      append(FILTER, rejectRule(r.cidr(), r.outInterface()));
    }
    for (String hook : FILTER_HOOKS) {
      insertJump(FILTER, hook, List.of("-j", CHAIN));
    }
  }

  /** Deletes this guard's REJECTs and DROPs, then the jumps and chains if only their fixed rules are left. */
  public void remove() {
    boolean filter = chainExists(FILTER);
    boolean mangle = chainExists(MANGLE);
    for (Range r : ranges) {
      if (filter) {
        deleteAll(FILTER, CHAIN, rejectRule(r.cidr(), r.outInterface()));
      }
      if (mangle) {
        deleteAll(MANGLE, CHAIN, dropRule(r.cidr(), r.outInterface()));
      }
    }
    if ((filter && hasOthers(FILTER)) || (mangle && hasOthers(MANGLE))) {
      return; // deploy/netguard.sh's rules (the simulated hosts' network) are still in them
    }
    // The filter chain (and its DNAT RETURN) goes before mangle's jump that judges what that RETURN passes.
    if (filter) {
      for (String hook : FILTER_HOOKS) {
        deleteAll(FILTER, hook, List.of("-j", CHAIN));
      }
      iptables.run(FILTER, List.of("-F", CHAIN));
      iptables.run(FILTER, List.of("-X", CHAIN));
    }
    if (mangle) {
      deleteAll(MANGLE, MANGLE_HOOK, MANGLE_JUMP);
      deleteIfPresent(MANGLE, MANGLE_HOOK, DNAT_ONLY_JUMP);
      iptables.run(MANGLE, List.of("-F", CHAIN));
      iptables.run(MANGLE, List.of("-X", CHAIN));
    }
  }

  private void ensureChain(String table, List<List<String>> fixedRules) {
    if (!chainExists(table)) {
      iptables.run(table, List.of("-N", CHAIN)); // may race with another process doing the same: the next checks tell
    }
    for (List<String> rule : fixedRules) {
      if (!exists(table, CHAIN, rule)) {
        must(table, concat(List.of("-I", CHAIN, "1"), rule));
      }
    }
  }

  private void append(String table, List<String> rule) {
    if (!exists(table, CHAIN, rule)) {
      must(table, concat(List.of("-A", CHAIN), rule));
    }
  }

  private void insertJump(String table, String hook, List<String> jump) {
    if (!exists(table, hook, jump)) {
      must(table, concat(List.of("-I", hook, "1"), jump));
    }
  }

  private boolean chainExists(String table) {
    return iptables.run(table, List.of("-n", "-L", CHAIN)) == 0;
  }

  private boolean hasOthers(String table) {
    List<String> fixed = fixedRules(table);
    return iptables.rules(table, CHAIN).stream().anyMatch(rule -> !fixed.contains(rule));
  }

  private void deleteAll(String table, String chain, List<String> rule) {
    while (iptables.run(table, concat(List.of("-D", chain), rule)) == 0) {
      // a rule added twice by racing processes goes too
    }
  }

  /** The first version's jump, found on hosts that ran it; checked first, as most hosts never had it. */
  private void deleteIfPresent(String table, String chain, List<String> rule) {
    if (exists(table, chain, rule)) {
      deleteAll(table, chain, rule);
    }
  }

  private boolean exists(String table, String chain, List<String> rule) {
    return iptables.run(table, concat(List.of("-C", chain), rule)) == 0;
  }

  private void must(String table, List<String> args) {
    if (iptables.run(table, args) != 0) {
      throw new IllegalStateException("iptables -t " + table + " " + String.join(" ", args) + " failed");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The real {@code iptables -w}. */
  public static Iptables command() {
    return new Iptables() {
      @Override
      public int run(String table, List<String> args) {
        return exec(table, args).exitCode;
      }

      @Override
      public List<String> rules(String table, String chain) {
        Exec e = exec(table, List.of("-S", chain));
        return e.exitCode != 0 ? List.of()
            : e.output.lines().filter(l -> !l.isBlank() && !l.startsWith("-N ")).toList();
      }
    };
  }

  private record Exec(int exitCode, String output) {}

  private static Exec exec(String table, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", "-t", table));
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Exec(-1, out);
      }
      return new Exec(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to run iptables", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Exec(-1, "");
    }
  }
}
