package io.kava.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.kubectl.CliException;
import io.kava.kubectl.jsonpath.JsonPath;
import io.kava.kubectl.jsonpath.JsonPathException;
import io.kava.kubectl.jsonpath.Values;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * `-o custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image`: one column per header and
 * path; several values join with commas, no value prints `<none>` (kubectl's CustomColumnsPrinter).
 */
public final class CustomColumns {
  private final List<String> headers;
  private final List<JsonPath> paths;

  private CustomColumns(List<String> headers, List<JsonPath> paths) {
    this.headers = List.copyOf(headers);
    this.paths = List.copyOf(paths);
  }

  public static CustomColumns parse(String spec) {
    List<String> headers = new ArrayList<>();
    List<JsonPath> paths = new ArrayList<>();
    for (String part : spec.split(",")) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw CliException.error("unexpected custom-columns spec: " + part + ", expected <header>:<json-path-expr>");
      }
      headers.add(part.substring(0, colon));
      paths.add(path(part.substring(colon + 1)));
    }
    return new CustomColumns(headers, paths);
  }

  /** A file of two lines: the headers, then the paths, each separated by blanks. */
  public static CustomColumns parseFile(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() != 2) {
      throw CliException.error("unexpected lines in custom-columns file: expected 2 (headers, then paths), got "
          + lines.size());
    }
    String[] headers = lines.get(0).strip().split("\\s+");
    String[] specs = lines.get(1).strip().split("\\s+");
    if (headers.length != specs.length) {
      throw CliException.error("expected " + headers.length + " paths in custom-columns file, got " + specs.length);
    }
    List<JsonPath> paths = new ArrayList<>();
    for (String s : specs) {
      paths.add(path(s));
    }
    return new CustomColumns(List.of(headers), paths);
  }

  private static JsonPath path(String expression) {
    try {
      return JsonPath.parseRelaxed(expression).allowMissingKeys(true);
    } catch (JsonPathException e) {
      throw CliException.error("error parsing jsonpath " + expression + ", " + e.getMessage());
    }
  }

  public List<String> headers() {
    return headers;
  }

  public List<String> row(JsonNode object) {
    List<String> cells = new ArrayList<>();
    for (JsonPath path : paths) {
      List<String> values = new ArrayList<>();
      try {
        path.values(object).forEach(vs -> vs.forEach(v -> values.add(Values.text(v))));
      } catch (JsonPathException e) {
        // an index past the end of one object's list: kubectl shows nothing for that cell
      }
      cells.add(values.isEmpty() ? "<none>" : String.join(",", values));
    }
    return cells;
  }

  public void print(List<JsonNode> objects, boolean noHeaders, PrintStream out) {
    TabWriter writer = new TabWriter();
    if (!noHeaders) {
      writer.add(headers);
    }
    objects.forEach(o -> writer.add(row(o)));
    writer.flush(out);
  }
}
