package io.kava.proxy.netpol;

import io.kava.proxy.ChainNames;
import io.kava.proxy.iptables.Iptables;
import io.kava.proxy.iptables.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The jump from filter FORWARD into TAG-NETPOL. It must come before every rule that accepts pod
 * traffic (kube-proxy's own TAG-FORWARD, another cluster's, Docker's ACCEPTs), or an accepted packet
 * never meets a policy; so unlike kube-proxy's jumps it is checked for its place too, and moved to the
 * top when something that accepts got above it (a kube-proxy that started after it, a restarted dockerd).
 */
public final class PolicyJump {
  static final String COMMENT = "kava network policies";

  private final Iptables iptables;
  private final ChainNames names;

  public PolicyJump(Iptables iptables, ChainNames names) {
    this.iptables = iptables;
    this.names = names;
  }

  public List<String> args() {
    return List.of("-m", "comment", "--comment", COMMENT, "-j", names.networkPolicy());
  }

  /** True when the jump was already in its place (nothing written). */
  public boolean ensure(String savedFilter) {
    if (inPlace(savedFilter, names.networkPolicy())) {
      return true;
    }
    remove();
    iptables.insert(Table.FILTER, "FORWARD", args());
    return false;
  }

  /** Deletes every copy of the jump (cleanup, or before moving it). */
  public void remove() {
    while (iptables.delete(Table.FILTER, "FORWARD", args())) {
      // one copy per call
    }
  }

  /** The jump is in FORWARD before the first rule that ACCEPTs or jumps to a TAG-FORWARD chain. */
  static boolean inPlace(String savedFilter, String chain) {
    for (String target : forwardTargets(savedFilter)) {
      if (target.equals(chain)) {
        return true;
      }
      if (target.equals("ACCEPT") || target.endsWith("-FORWARD")) {
        return false;
      }
    }
    return false;
  }

  /** The -j target of each rule of FORWARD, in order ("" for a rule without one). */
  private static List<String> forwardTargets(String saved) {
    List<String> targets = new ArrayList<>();
    for (String line : saved.split("\n")) {
      if (!line.startsWith("-A FORWARD ")) {
        continue;
      }
      String[] words = line.split(" ");
      String target = "";
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].equals("-j")) {
          target = words[i + 1];
        }
      }
      targets.add(target);
    }
    return targets;
  }
}
