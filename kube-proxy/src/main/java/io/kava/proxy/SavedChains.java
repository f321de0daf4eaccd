package io.kava.proxy;

import java.util.LinkedHashSet;
import java.util.Set;

/** The chain names declared in iptables-save output (lines ":NAME POLICY [packets:bytes]"). */
public final class SavedChains {
  private SavedChains() {}

  public static Set<String> of(String saved) {
    Set<String> chains = new LinkedHashSet<>();
    for (String line : saved.split("\n")) {
      if (line.startsWith(":")) {
        int space = line.indexOf(' ');
        chains.add(space < 0 ? line.substring(1) : line.substring(1, space));
      }
    }
    return chains;
  }
}
