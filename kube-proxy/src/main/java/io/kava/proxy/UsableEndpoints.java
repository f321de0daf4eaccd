package io.kava.proxy;

import java.util.Comparator;
import java.util.List;

/**
 * Which endpoints receive traffic, as upstream's CategorizeEndpoints for the Cluster policy: the ready
 * ones; when none is ready, the ones still serving while they terminate (upstream's terminating-endpoint
 * fallback, so a rolling update's last old pod keeps answering until a new one is ready). Sorted by
 * address so the same input always yields the same rules.
 */
public final class UsableEndpoints {
  private UsableEndpoints() {}

  public static List<Endpoint> select(List<Endpoint> all) {
    List<Endpoint> ready = all.stream().filter(Endpoint::ready).toList();
    List<Endpoint> chosen = !ready.isEmpty()
        ? ready
        : all.stream().filter(e -> e.serving() && e.terminating()).toList();
    return chosen.stream().sorted(Comparator.comparing(Endpoint::ip).thenComparingInt(Endpoint::port)).toList();
  }
}
