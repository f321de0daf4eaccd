package io.kava.proxy.iptables;

import java.util.List;

/**
 * Every iptables call kube-proxy makes, as upstream's util/iptables Interface: single rules in the
 * built-in chains (checked with -C, inserted with -I, deleted with -D), and whole tables read with
 * iptables-save and written with one iptables-restore --noflush transaction. {@link CommandIptables}
 * runs the real binaries; tests use a fake.
 */
public interface Iptables {
  /** True when the rule is in the chain (iptables -w -t TABLE -C CHAIN RULE...). */
  boolean exists(Table table, String chain, List<String> rule);

  /** Inserts the rule at the top of the chain (iptables -w -t TABLE -I CHAIN 1 RULE...). */
  void insert(Table table, String chain, List<String> rule);

  /** Deletes one copy of the rule; false when there was none (iptables -w -t TABLE -D CHAIN RULE...). */
  boolean delete(Table table, String chain, List<String> rule);

  /** The table as iptables-save -t TABLE prints it. */
  String save(Table table);

  /** Applies rules in iptables-restore format as one transaction, leaving other chains alone (--noflush). */
  void restore(String rules);

  /** Upstream's EnsureRule(Prepend, ...): inserts the rule unless it is there; true when it already was. */
  default boolean ensureRule(Table table, String chain, List<String> rule) {
    if (exists(table, chain, rule)) {
      return true;
    }
    insert(table, chain, rule);
    return false;
  }
}
