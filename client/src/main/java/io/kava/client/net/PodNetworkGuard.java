package io.kava.client.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The root namespace's guard for the pod network's invented range (docs/ENVIRONMENT's rule, the issue 13
 * plan), in the one chain every part of Kava shares for it, {@code KAVA-POD-GUARD} (filter table, jumped to
 * first from OUTPUT and FORWARD), with the very rules deploy/netguard.sh writes, so either may come first:
 * {@code -o lo -j RETURN} at the top (loopback never leaves the machine, and a 127.0.0.x hostPort that
 * portmap DNATs to a pod still shows {@code lo} here), then per range a REJECT of everything for it that
 * would not leave by its interface ({@code -d 10.244.0.0/16 ! -o kbr+}). netguard.sh adds RETURNs above for
 * a second interface (10.244.0.0/16 over kava-hosts) and the simulated hosts' range. Like kube-proxy's
 * service range guard it runs after DNAT, so only what is still addressed to the range is refused. It is
 * installed before any pod route exists: the kubelet calls {@link #ensure} before it writes its CNI config
 * (so before the first bridge); kube-proxy's route controller can call it too. Idempotent and safe from
 * several processes. It stays when they exit (other nodes of the host may have pods); {@link #remove}
 * (deploy/down.sh, once no kbr-* bridge is left) deletes this guard's REJECTs, and the chain once only the
 * loopback rule is left in it.
 */
public final class PodNetworkGuard {
  public static final String CHAIN = "KAVA-POD-GUARD";
  public static final String CLUSTER_CIDR = "10.244.0.0/16";
  public static final String POD_BRIDGES = "kbr+";
  static final List<String> HOOKS = List.of("OUTPUT", "FORWARD");
  static final List<String> LOOPBACK = List.of("-o", "lo", "-j", "RETURN");

  /** Runs {@code iptables ARGS} (filter table) and returns its exit code. */
  @FunctionalInterface
  public interface Iptables {
    int run(List<String> args);

    /** The rules of a chain as {@code iptables -S CHAIN} prints them, without its "-N" line. */
    default List<String> rules(String chain) {
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

  /** deploy/netguard.sh's REJECT of a range unless it leaves by outInterface. */
  public static List<String> rejectRule(String cidr, String outInterface) {
    return List.of("-d", cidr, "!", "-o", outInterface, "-m", "comment", "--comment", "kava pod network guard",
        "-j", "REJECT");
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
   * Lets exactly cidr also leave by outInterface, above the REJECTs; the guard itself ({@link #ensure}) goes
   * in first, so the range is never left unguarded. Idempotent.
   */
  public void allow(String cidr, String outInterface) {
    ensure();
    if (!exists(CHAIN, allowRule(cidr, outInterface))) {
      must(concat(List.of("-I", CHAIN, "1"), allowRule(cidr, outInterface)));
    }
  }

  /** Takes {@link #allow}'s entry away again (the route went); nothing when there is none. */
  public void unallow(String cidr, String outInterface) {
    if (iptables.run(List.of("-n", "-L", CHAIN)) == 0) {
      deleteAll(CHAIN, allowRule(cidr, outInterface));
    }
  }

  /** Creates the chain and jumps if missing, the loopback RETURN at the top and the REJECTs at the end. */
  public void ensure() {
    if (iptables.run(List.of("-n", "-L", CHAIN)) != 0) {
      iptables.run(List.of("-N", CHAIN)); // may race with another process doing the same: the next checks tell
    }
    if (!exists(CHAIN, LOOPBACK)) {
      must(concat(List.of("-I", CHAIN, "1"), LOOPBACK));
    }
    for (Range r : ranges) {
      if (!exists(CHAIN, rejectRule(r.cidr(), r.outInterface()))) {
        must(concat(List.of("-A", CHAIN), rejectRule(r.cidr(), r.outInterface())));
      }
    }
    List<String> jump = List.of("-j", CHAIN);
    for (String hook : HOOKS) {
      if (!exists(hook, jump)) {
        must(concat(List.of("-I", hook, "1"), jump));
      }
    }
  }

  /** Deletes this guard's REJECTs, then the jumps and the chain if nothing but the loopback rule is left. */
  public void remove() {
    if (iptables.run(List.of("-n", "-L", CHAIN)) != 0) {
      return;
    }
    for (Range r : ranges) {
      deleteAll(CHAIN, rejectRule(r.cidr(), r.outInterface()));
    }
    String loopback = "-A " + CHAIN + " " + String.join(" ", LOOPBACK);
    if (iptables.rules(CHAIN).stream().anyMatch(rule -> !rule.equals(loopback))) {
      return; // deploy/netguard.sh's rules (the simulated hosts' network) are still in it
    }
    for (String hook : HOOKS) {
      deleteAll(hook, List.of("-j", CHAIN));
    }
    iptables.run(List.of("-F", CHAIN));
    iptables.run(List.of("-X", CHAIN));
  }

  private void deleteAll(String chain, List<String> rule) {
    while (iptables.run(concat(List.of("-D", chain), rule)) == 0) {
      // a rule added twice by racing processes goes too
    }
  }

  private boolean exists(String chain, List<String> rule) {
    return iptables.run(concat(List.of("-C", chain), rule)) == 0;
  }

  private void must(List<String> args) {
    if (iptables.run(args) != 0) {
      throw new IllegalStateException("iptables " + String.join(" ", args) + " failed");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The real {@code iptables -w} (filter table). */
  public static Iptables command() {
    return new Iptables() {
      @Override
      public int run(List<String> args) {
        return exec(args).exitCode;
      }

      @Override
      public List<String> rules(String chain) {
        Exec e = exec(List.of("-S", chain));
        return e.exitCode != 0 ? List.of()
            : e.output.lines().filter(l -> !l.isBlank() && !l.startsWith("-N ")).toList();
      }
    };
  }

  private record Exec(int exitCode, String output) {}

  private static Exec exec(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", "-t", "filter"));
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
