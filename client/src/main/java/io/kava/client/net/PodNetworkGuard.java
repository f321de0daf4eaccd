package io.kava.client.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The root namespace's guard for the pod network's invented ranges (docs/ENVIRONMENT's rule, the issue 13
 * plan): chain {@code KAVA-POD-GUARD} in the filter table, jumped to first from OUTPUT and FORWARD,
 * REJECTs every packet for the cluster CIDR that would not leave on a pod bridge ({@code kbr+}) and every
 * packet for the hosts' network that would not leave on {@code kava-hosts}. Like kube-proxy's service range
 * guard it runs after DNAT, so only what is still addressed to the range is refused, and it is installed
 * before any pod route exists. Whoever sets up pod routes calls {@link #ensure} first (the kubelet before
 * its first CNI ADD; kube-proxy's route controller may too): it is idempotent and safe from several
 * processes. It stays when they exit (other nodes of the host may still have pods); {@link #remove} is for
 * deploy/down.sh and uninstall, after the bridges are gone.
 */
public final class PodNetworkGuard {
  public static final String CHAIN = "KAVA-POD-GUARD";
  public static final String CLUSTER_CIDR = "10.244.0.0/16";
  public static final String POD_BRIDGES = "kbr+";
  public static final String HOSTS_CIDR = "10.250.0.0/24";
  public static final String HOSTS_BRIDGE = "kava-hosts";
  static final List<String> HOOKS = List.of("OUTPUT", "FORWARD");

  /** Runs {@code iptables ARGS} (filter table) and returns its exit code. */
  @FunctionalInterface
  public interface Iptables {
    int run(List<String> args);
  }

  /** One range and the only interface its packets may leave on. */
  public record Range(String cidr, String outInterface) {}

  private final Iptables iptables;
  private final List<Range> ranges;

  public PodNetworkGuard(Iptables iptables, List<Range> ranges) {
    this.iptables = iptables;
    this.ranges = List.copyOf(ranges);
  }

  /** The plan's ranges: the cluster CIDR on the kbr-* bridges, the simulated hosts' network on kava-hosts. */
  public static PodNetworkGuard standard(Iptables iptables) {
    return new PodNetworkGuard(iptables, List.of(new Range(CLUSTER_CIDR, POD_BRIDGES), new Range(HOSTS_CIDR, HOSTS_BRIDGE)));
  }

  /** This guard with one more range (a podCIDR outside the standard cluster CIDR). */
  public PodNetworkGuard with(Range range) {
    List<Range> all = new ArrayList<>(ranges);
    if (!all.contains(range)) {
      all.add(range);
    }
    return new PodNetworkGuard(iptables, all);
  }

  /** The rules inside the chain, in order. */
  public List<List<String>> rules() {
    List<List<String>> rules = new ArrayList<>();
    for (Range r : ranges) {
      rules.add(List.of("-d", r.cidr(), "!", "-o", r.outInterface(), "-m", "comment", "--comment",
          "kava pod network guard", "-j", "REJECT"));
    }
    return rules;
  }

  /** Creates the chain and its rules if missing and jumps to it first from OUTPUT and FORWARD. */
  public void ensure() {
    if (iptables.run(List.of("-n", "-L", CHAIN)) != 0) {
      iptables.run(List.of("-N", CHAIN)); // may race with another process doing the same: the next checks tell
    }
    for (List<String> rule : rules()) {
      if (!exists(CHAIN, rule)) {
        must(concat(List.of("-A", CHAIN), rule));
      }
    }
    List<String> jump = List.of("-j", CHAIN);
    for (String hook : HOOKS) {
      if (!exists(hook, jump)) {
        must(concat(List.of("-I", hook, "1"), jump));
      }
    }
  }

  /** Removes the jumps and the chain; missing parts are fine. */
  public void remove() {
    List<String> jump = List.of("-j", CHAIN);
    for (String hook : HOOKS) {
      while (iptables.run(concat(List.of("-D", hook), jump)) == 0) {
        // a jump inserted twice by racing processes goes too
      }
    }
    iptables.run(List.of("-F", CHAIN));
    iptables.run(List.of("-X", CHAIN));
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
    return args -> {
      List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", "-t", "filter"));
      cmd.addAll(args);
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return -1;
        }
        return p.exitValue();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to run iptables", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    };
  }
}
