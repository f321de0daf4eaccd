package io.kava.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.jsonpath.JsonPath;
import io.kava.kubectl.jsonpath.JsonPathException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * `--sort-by=.metadata.creationTimestamp`: orders objects by the first value of a path; numbers by value,
 * text in natural order ("pod-2" before "pod-10", as kubectl's sortorder.NaturalLess), objects without
 * the field first. The sort is stable: equal keys keep the server's order.
 */
public final class SortBy {
  private final String expression;
  private final JsonPath path;

  private SortBy(String expression, JsonPath path) {
    this.expression = expression;
    this.path = path;
  }

  public static SortBy parse(String expression) {
    try {
      return new SortBy(expression, JsonPath.parseRelaxed(expression).allowMissingKeys(true));
    } catch (JsonPathException e) {
      throw CliException.error("error parsing jsonpath " + expression + ", " + e.getMessage());
    }
  }

  public <T extends Message> List<T> sort(List<T> objects) {
    List<Keyed<T>> keyed = new ArrayList<>();
    for (T o : objects) {
      keyed.add(new Keyed<>(key(Manifests.toTree(o)), o));
    }
    keyed.sort(Comparator.comparing(Keyed::key, SortBy::compare));
    return keyed.stream().map(Keyed::object).toList();
  }

  private record Keyed<T>(JsonNode key, T object) {}

  private JsonNode key(JsonNode tree) {
    try {
      List<List<JsonNode>> values = path.values(tree);
      return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0).get(0);
    } catch (JsonPathException e) {
      throw CliException.error("couldn't find any field with path \"" + expression + "\" in the list of objects");
    }
  }

  static int compare(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return naturalCompare(a.isTextual() ? a.textValue() : a.toString(), b.isTextual() ? b.textValue() : b.toString());
  }

  /** Text with runs of digits compared by their number: "a2" before "a10". */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int ei = i;
        int ej = j;
        while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
          ei++;
        }
        while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
          ej++;
        }
        String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
