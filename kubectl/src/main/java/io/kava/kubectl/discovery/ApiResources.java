package io.kava.kubectl.discovery;

import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.print.TabWriter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * `api-resources` and `api-versions` from the kinds this kavactl knows (client Kinds), which are the
 * kinds the API server serves: the core group first, then the others by name, resources by name.
 */
public final class ApiResources {
  /** What the API server does with every kind (no patch or deletecollection yet). */
  public static final List<String> VERBS = List.of("create", "delete", "get", "list", "update", "watch");

  private ApiResources() {}

  public static List<Kind> sorted() {
    List<Kind> kinds = new ArrayList<>(Kinds.all());
    kinds.sort(Comparator.comparing((Kind k) -> !k.group().isEmpty()).thenComparing(Kind::group)
        .thenComparing(Kind::resource));
    return kinds;
  }

  /** Options of `api-resources`: --namespaced (null: both), --api-group, -o wide|name, --no-headers. */
  public record Filter(Boolean namespaced, String apiGroup, String output, boolean noHeaders) {}

  public static void print(Filter filter, PrintStream out) {
    String output = filter.output() == null ? "" : filter.output();
    if (!output.isEmpty() && !output.equals("wide") && !output.equals("name")) {
      throw CliException.error("--output " + output + " is not available");
    }
    TabWriter table = new TabWriter();
    if (!filter.noHeaders() && !output.equals("name")) {
      List<String> h = new ArrayList<>(List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"));
      if (output.equals("wide")) {
        h.add("VERBS");
      }
      table.add(h);
    }
    for (Kind k : sorted()) {
      if (filter.namespaced() != null && k.namespaced() != filter.namespaced()
          || filter.apiGroup() != null && !k.group().equals(filter.apiGroup())) {
        continue;
      }
      if (output.equals("name")) {
        out.println(k.qualifiedResource());
        continue;
      }
      List<String> row = new ArrayList<>(List.of(k.resource(), String.join(",", k.shortNames()), k.apiVersion(),
          Boolean.toString(k.namespaced()), k.kind()));
      if (output.equals("wide")) {
        row.add(String.join(",", VERBS));
      }
      table.add(row);
    }
    table.flush(out);
  }

  public static void printVersions(PrintStream out) {
    TreeSet<String> versions = new TreeSet<>();
    Kinds.all().forEach(k -> versions.add(k.apiVersion()));
    versions.forEach(out::println);
  }
}
