package io.kava.kubectl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.kubectl.jsonpath.Segment.Action;
import io.kava.kubectl.jsonpath.Segment.Range;
import io.kava.kubectl.jsonpath.Segment.Text;
import java.util.List;

/**
 * A kubectl JSONPath template, parsed once and executed on JSON trees: `{.items[*].metadata.name}`,
 * `{range .items[*]}{.metadata.name}{"\n"}{end}`. The values of one action print separated by spaces.
 * kubectl's printers allow missing keys (a missing field prints nothing); the library's default does not.
 */
public final class JsonPath {
  private final String template;
  private final List<Segment> segments;
  private final boolean allowMissingKeys;

  private JsonPath(String template, List<Segment> segments, boolean allowMissingKeys) {
    this.template = template;
    this.segments = segments;
    this.allowMissingKeys = allowMissingKeys;
  }

  /** Throws {@link JsonPathException} for a template that does not parse. */
  public static JsonPath parse(String template) {
    return new JsonPath(template, Parser.parse(template), false);
  }

  /** `.metadata.name` or `{.metadata.name}`, as -o custom-columns and --sort-by take them. */
  public static JsonPath parseRelaxed(String expression) {
    String e = expression.strip();
    if (e.startsWith("{") && e.endsWith("}")) {
      e = e.substring(1, e.length() - 1);
    }
    if (!e.startsWith(".") && !e.startsWith("$") && !e.startsWith("[")) {
      e = "." + e;
    }
    return parse("{" + e + "}");
  }

  public JsonPath allowMissingKeys(boolean allow) {
    return new JsonPath(template, segments, allow);
  }

  public String template() {
    return template;
  }

  /** The template's text with every action's values filled in from {@code data}. */
  public String execute(JsonNode data) {
    StringBuilder out = new StringBuilder();
    run(segments, data, new Evaluator(data, allowMissingKeys), out);
    return out.toString();
  }

  /** The values of each action of the template, unprinted (custom columns and sort keys use the first). */
  public List<List<JsonNode>> values(JsonNode data) {
    Evaluator evaluator = new Evaluator(data, allowMissingKeys);
    return segments.stream().filter(s -> s instanceof Action)
        .map(s -> evaluator.eval(((Action) s).path(), List.of(data))).toList();
  }

  private static void run(List<Segment> segments, JsonNode current, Evaluator evaluator, StringBuilder out) {
    for (Segment s : segments) {
      if (s instanceof Text t) {
        out.append(t.text());
      } else if (s instanceof Action a) {
        List<JsonNode> values = evaluator.eval(a.path(), List.of(current));
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            out.append(' ');
          }
          out.append(Values.text(values.get(i)));
        }
      } else if (s instanceof Range r) {
        for (JsonNode item : evaluator.eval(r.path(), List.of(current))) {
          run(r.body(), item, evaluator, out);
        }
      }
    }
  }
}
