package io.kava.kubectl.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.kubectl.CliException;
import io.kava.kubectl.jsonpath.JsonPath;
import io.kava.kubectl.jsonpath.JsonPathException;
import io.kava.kubectl.jsonpath.Values;
import java.util.List;

/**
 * What `kavactl wait --for=...` waits for: `delete`, `condition=Ready` (status "True"),
 * `condition=Available=false`, `jsonpath={.status.phase}=Running`, or `jsonpath={.status.podIP}` (any value).
 * Condition types and values compare without case, as kubectl's.
 */
public sealed interface WaitCondition {
  /** Whether the object (as JSON) meets the condition; never called for `delete`. */
  boolean metBy(JsonNode object);

  record Delete() implements WaitCondition {
    @Override
    public boolean metBy(JsonNode object) {
      return false;
    }
  }

  record Condition(String type, String status) implements WaitCondition {
    @Override
    public boolean metBy(JsonNode object) {
      for (JsonNode c : object.path("status").path("conditions")) {
        if (c.path("type").asText().equalsIgnoreCase(type)) {
          return c.path("status").asText().equalsIgnoreCase(status);
        }
      }
      return false;
    }
  }

  record JsonPathValue(JsonPath path, String value) implements WaitCondition {
    @Override
    public boolean metBy(JsonNode object) {
      List<List<JsonNode>> values;
      try {
        values = path.values(object);
      } catch (JsonPathException e) {
        return false;
      }
      List<JsonNode> found = values.isEmpty() ? List.of() : values.get(0);
      if (value == null) {
        return !found.isEmpty() && !found.get(0).isNull();
      }
      return found.size() == 1 && Values.text(found.get(0)).equals(value);
    }
  }

  static WaitCondition parse(String text) {
    if (text == null || text.isBlank()) {
      throw CliException.error("--for must be set to one of: delete, condition=condition-name[=condition-value], "
          + "jsonpath='{JSONPath expression}'=[JSONPath value]");
    }
    String t = text.strip();
    if (t.equalsIgnoreCase("delete")) {
      return new Delete();
    }
    if (t.startsWith("condition=")) {
      String rest = t.substring("condition=".length());
      int eq = rest.indexOf('=');
      String type = eq < 0 ? rest : rest.substring(0, eq);
      if (type.isEmpty()) {
        throw CliException.error("condition name must be set: " + t);
      }
      return new Condition(type, eq < 0 ? "true" : rest.substring(eq + 1));
    }
    if (t.startsWith("jsonpath=")) {
      String rest = t.substring("jsonpath=".length());
      int close = rest.lastIndexOf('}');
      String expression;
      String value = null;
      if (close >= 0) {
        expression = rest.substring(0, close + 1);
        String tail = rest.substring(close + 1);
        if (tail.startsWith("=")) {
          value = tail.substring(1);
        } else if (!tail.isEmpty()) {
          throw CliException.error("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or "
              + "--for=jsonpath='{.status.readyReplicas}'");
        }
      } else {
        int eq = rest.indexOf('=');
        expression = eq < 0 ? rest : rest.substring(0, eq);
        value = eq < 0 ? null : rest.substring(eq + 1);
      }
      try {
        return new JsonPathValue(JsonPath.parseRelaxed(expression).allowMissingKeys(true), value);
      } catch (JsonPathException e) {
        throw CliException.error("error parsing jsonpath " + expression + ", " + e.getMessage());
      }
    }
    throw CliException.error("unrecognized condition: \"" + t + "\"");
  }
}
