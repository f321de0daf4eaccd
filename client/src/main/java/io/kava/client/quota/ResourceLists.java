package io.kava.client.quota;

import io.kava.client.quantity.Quantity;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Upstream's quota helpers (pkg/quota/v1 resources.go) over resource lists: name to quantity, as API
 * objects hold them (strings) and as quota arithmetic needs them (parsed). Malformed quantities never get
 * here (validation refuses them); should one slip through it counts as nothing.
 */
public final class ResourceLists {
  private ResourceLists() {}

  /** The list as quantities, sorted by name; malformed values are left out. */
  public static Map<String, Quantity> parse(Map<String, String> values) {
    Map<String, Quantity> out = new TreeMap<>();
    values.forEach((name, text) -> {
      Quantity q = Quantity.parseOrNull(text);
      if (q != null) {
        out.put(name, q);
      }
    });
    return out;
  }

  /** The list as API objects hold it. */
  public static Map<String, String> format(Map<String, Quantity> values) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((name, q) -> out.put(name, q.toString()));
    return out;
  }

  /** a + b, per name; a name in only one list keeps its value. */
  public static Map<String, Quantity> add(Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, Quantity> out = new TreeMap<>(a);
    b.forEach((name, q) -> out.merge(name, q, ResourceLists::sum));
    return out;
  }

  /** x + y in y's format when x is zero, as upstream's Quantity.Add ("0" + "128Mi" prints "128Mi"). */
  public static Quantity sum(Quantity x, Quantity y) {
    return x.isZero() ? y : x.add(y);
  }

  /** a - b, per name of a or b (a missing value is zero). */
  public static Map<String, Quantity> subtract(Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, Quantity> out = new TreeMap<>(a);
    b.forEach((name, q) -> out.merge(name, Quantity.ZERO.subtract(q), Quantity::add));
    return out;
  }

  /** Only the names given. */
  public static <V> Map<String, V> mask(Map<String, V> values, Collection<String> names) {
    Map<String, V> out = new TreeMap<>();
    for (String name : names) {
      if (values.containsKey(name)) {
        out.put(name, values.get(name));
      }
    }
    return out;
  }

  /** The names of a whose value is above b's (upstream LessThanOrEqual's failures); names b lacks are left out. */
  public static List<String> exceeding(Map<String, Quantity> a, Map<String, Quantity> b) {
    return a.entrySet().stream()
        .filter(e -> b.containsKey(e.getKey()) && e.getValue().compareTo(b.get(e.getKey())) > 0)
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** True when both lists hold the same amounts under the same names ("1000m" equals "1"). */
  public static boolean sameAmounts(Map<String, Quantity> a, Map<String, Quantity> b) {
    return a.keySet().equals(b.keySet()) && a.entrySet().stream().allMatch(e -> e.getValue().equals(b.get(e.getKey())));
  }

  /** "pods=1,requests.cpu=500m": sorted name=value pairs, as upstream's prettyPrint. */
  public static String pretty(Map<String, ?> values) {
    return new TreeMap<>(values).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** A fresh list with one name (tests and evaluators). */
  public static Map<String, Quantity> of(String name, Quantity value) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    out.put(name, value);
    return out;
  }
}
