package io.kava.client.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON patch, RFC 6902: a list of add, remove, replace, move, copy and test operations on JSON pointers
 * (RFC 6901), applied in order; the first failing operation fails the whole patch.
 */
public final class JsonPatch {
  private JsonPatch() {}

  /** The target with every operation applied; the target itself is not changed. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw new PatchException("a JSON patch must be a list of operations, not " + patch.getNodeType().name().toLowerCase());
    }
    JsonNode doc = target.deepCopy();
    for (int i = 0; i < patch.size(); i++) {
      JsonNode op = patch.get(i);
      if (!op.isObject()) {
        throw new PatchException("operation " + i + " of the JSON patch is not an object");
      }
      doc = applyOne(doc, op);
    }
    return doc;
  }

  private static JsonNode applyOne(JsonNode doc, JsonNode op) {
    String name = text(op, "op");
    List<String> path = pointer(text(op, "path"));
    return switch (name) {
      case "add" -> add(doc, path, value(op));
      case "remove" -> {
        get(doc, path); // must exist
        yield remove(doc, path);
      }
      case "replace" -> {
        get(doc, path);
        yield path.isEmpty() ? value(op) : add(remove(doc, path), path, value(op));
      }
      case "move" -> {
        List<String> from = pointer(text(op, "from"));
        JsonNode moved = get(doc, from).deepCopy();
        if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
          throw new PatchException("cannot move \"" + text(op, "from") + "\" into its own child \"" + text(op, "path") + "\"");
        }
        yield add(remove(doc, from), path, moved);
      }
      case "copy" -> add(doc, path, get(doc, pointer(text(op, "from"))).deepCopy());
      case "test" -> {
        if (!get(doc, path).equals(value(op))) {
          throw new PatchException("testing value " + text(op, "path") + " failed");
        }
        yield doc;
      }
      default -> throw new PatchException("unexpected kind of JSON patch operation: \"" + name + "\"");
    };
  }

  private static String text(JsonNode op, String field) {
    JsonNode v = op.get(field);
    if (v == null || !v.isTextual()) {
      throw new PatchException("JSON patch operation " + op + " has no \"" + field + "\"");
    }
    return v.asText();
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw new PatchException("JSON patch operation " + op + " has no \"value\"");
    }
    return op.get("value").deepCopy();
  }

  /** RFC 6901: "" is the whole document, "/a/b~1c/0" is a, "b/c", "0". */
  static List<String> pointer(String text) {
    List<String> tokens = new ArrayList<>();
    if (text.isEmpty()) {
      return tokens;
    }
    if (!text.startsWith("/")) {
      throw new PatchException("invalid JSON pointer \"" + text + "\": it must start with /");
    }
    for (String t : text.substring(1).split("/", -1)) {
      tokens.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static JsonNode get(JsonNode doc, List<String> path) {
    JsonNode node = doc;
    for (String token : path) {
      node = child(node, token, false);
      if (node == null) {
        throw new PatchException("the document is missing the path /" + String.join("/", path));
      }
    }
    return node;
  }

  private static JsonNode child(JsonNode node, String token, boolean forAdd) {
    if (node.isObject()) {
      return node.get(token);
    }
    if (node.isArray()) {
      int i = index(token, node.size(), forAdd);
      return i < node.size() ? node.get(i) : null;
    }
    return null;
  }

  private static int index(String token, int size, boolean forAdd) {
    if (forAdd && token.equals("-")) {
      return size;
    }
    if (!token.matches("0|[1-9][0-9]*")) {
      throw new PatchException("invalid array index \"" + token + "\"");
    }
    int i;
    try {
      i = Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw new PatchException("invalid array index \"" + token + "\"");
    }
    if (i > size || (!forAdd && i == size)) {
      throw new PatchException("array index " + i + " is out of bounds (the list has " + size + " elements)");
    }
    return i;
  }

  private static JsonNode parentOf(JsonNode doc, List<String> path) {
    JsonNode parent = get(doc, path.subList(0, path.size() - 1));
    if (!parent.isContainerNode()) {
      throw new PatchException("the parent of /" + String.join("/", path) + " is neither an object nor a list");
    }
    return parent;
  }

  private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode parent = parentOf(doc, path);
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, value);
    } else {
      ArrayNode list = (ArrayNode) parent;
      list.insert(index(last, list.size(), true), value);
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, List<String> path) {
    if (path.isEmpty()) {
      throw new PatchException("the whole document cannot be removed");
    }
    JsonNode parent = parentOf(doc, path);
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).remove(last);
    } else {
      ((ArrayNode) parent).remove(index(last, parent.size(), false));
    }
    return doc;
  }
}
