package io.kava.kubectl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** How kubectl prints a JSON value: strings bare, numbers as Go's %v, objects and arrays as compact JSON. */
public final class Values {
  private Values() {}

  public static String text(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber() || v.isBoolean() || v.isNull()) {
      return scalar(v);
    }
    StringBuilder b = new StringBuilder();
    json(v, b);
    return b.toString();
  }

  /** Compact JSON with object keys sorted, as Go's encoding/json writes a map. */
  static void json(JsonNode v, StringBuilder b) {
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      b.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(keys.get(i))).append(':');
        json(v.get(keys.get(i)), b);
      }
      b.append('}');
    } else if (v.isArray()) {
      b.append('[');
      Iterator<JsonNode> it = v.elements();
      boolean first = true;
      while (it.hasNext()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        json(it.next(), b);
      }
      b.append(']');
    } else if (v.isTextual()) {
      b.append(v);
    } else {
      b.append(scalar(v));
    }
  }

  private static String scalar(JsonNode v) {
    if (v.isFloatingPointNumber()) {
      return BigDecimal.valueOf(v.doubleValue()).stripTrailingZeros().toPlainString();
    }
    return v.isNull() ? "null" : v.asText();
  }

  /** A Java value to compare in filters: Double, String, Boolean, or the node itself. */
  static Object plain(JsonNode v) {
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v;
  }

  static String typeName(JsonNode v) {
    return switch (v.getNodeType()) {
      case OBJECT -> "map[string]interface {}";
      case STRING -> "string";
      case NUMBER -> "float64";
      case BOOLEAN -> "bool";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
