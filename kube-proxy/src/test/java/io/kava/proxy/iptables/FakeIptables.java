package io.kava.proxy.iptables;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * iptables in memory: the rules of built-in chains (what -C/-I/-D touch) and the set of other chains
 * (what iptables-restore declares and -X deletes). Keeps every restore input for assertions.
 */
public final class FakeIptables implements Iptables {
  private final Map<Table, Map<String, List<List<String>>>> builtin = new EnumMap<>(Table.class);
  private final Map<Table, Set<String>> chains = new EnumMap<>(Table.class);
  public final List<String> restores = new ArrayList<>();
  public final List<String> calls = new ArrayList<>();
  public RuntimeException failNextRestore;

  public FakeIptables() {
    for (Table t : Table.values()) {
      builtin.put(t, new LinkedHashMap<>());
      chains.put(t, new LinkedHashSet<>());
    }
  }

  public List<List<String>> rules(Table table, String chain) {
    return builtin.get(table).getOrDefault(chain, List.of());
  }

  public Set<String> chains(Table table) {
    return chains.get(table);
  }

  /** A chain someone else made (another cluster, Docker). */
  public void addChain(Table table, String chain) {
    chains.get(table).add(chain);
  }

  public void addRule(Table table, String chain, List<String> rule) {
    builtin.get(table).computeIfAbsent(chain, c -> new ArrayList<>()).add(List.copyOf(rule));
  }

  @Override
  public boolean exists(Table table, String chain, List<String> rule) {
    calls.add("-C " + chain);
    return rules(table, chain).contains(rule);
  }

  @Override
  public void insert(Table table, String chain, List<String> rule) {
    calls.add("-I " + chain);
    builtin.get(table).computeIfAbsent(chain, c -> new ArrayList<>()).add(0, List.copyOf(rule));
  }

  @Override
  public boolean delete(Table table, String chain, List<String> rule) {
    calls.add("-D " + chain);
    return builtin.get(table).getOrDefault(chain, new ArrayList<>()).remove(rule);
  }

  @Override
  public String save(Table table) {
    calls.add("save " + table.tableName());
    StringBuilder out = new StringBuilder("*" + table.tableName() + "\n");
    builtin.get(table).keySet().forEach(c -> out.append(':').append(c).append(" ACCEPT [0:0]\n"));
    chains.get(table).forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
    builtin.get(table).forEach((c, rules) -> rules.forEach(
        r -> out.append("-A ").append(c).append(' ').append(String.join(" ", r)).append('\n')));
    return out.append("COMMIT\n").toString();
  }

  @Override
  public void restore(String text) {
    calls.add("restore");
    if (failNextRestore != null) {
      RuntimeException e = failNextRestore;
      failNextRestore = null;
      throw e;
    }
    restores.add(text);
    Table table = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("*")) {
        table = Table.valueOf(line.substring(1).toUpperCase());
      } else if (line.startsWith(":")) {
        chains.get(table).add(line.substring(1, line.indexOf(' ')));
      } else if (line.startsWith("-X ")) {
        chains.get(table).remove(line.substring(3));
      }
    }
  }

  public String lastRestore() {
    return restores.get(restores.size() - 1);
  }
}
