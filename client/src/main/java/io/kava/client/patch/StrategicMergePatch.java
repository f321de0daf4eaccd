package io.kava.client.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.kava.api.meta.v1.IntOrString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch) on JSON trees, the schema
 * read from the protobuf descriptors: maps merge key by key and null removes a key, as JSON merge patch;
 * lists named in {@link MergeKeys} merge element by element on their merge key (or as a set of scalars);
 * every other list is replaced. Directives: {@code $patch: replace|delete|merge} in a map or as a list
 * element, {@code $retainKeys}, {@code $deleteFromPrimitiveList/<list>} and {@code $setElementOrder/<list>}.
 */
public final class StrategicMergePatch {
  static final String PATCH = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
  static final String SET_ELEMENT_ORDER = "$setElementOrder/";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrategicMergePatch() {}

  /**
   * The original with the patch applied; neither argument is changed.
   *
   * @param type the message the document encodes (its fields give merge keys); a top-level object's
   *     apiVersion and kind, which are not fields, merge as plain values
   */
  public static JsonNode apply(JsonNode original, JsonNode patch, Descriptor type) {
    if (!patch.isObject()) {
      throw new PatchException("a strategic merge patch must be a JSON object, not " + kindOf(patch));
    }
    ObjectNode start = original != null && original.isObject() ? ((ObjectNode) original).deepCopy() : NODES.objectNode();
    JsonNode result = mergeMap(start, (ObjectNode) patch, type);
    return result == null ? NODES.objectNode() : result;
  }

  /** Merges the patch into original (changed in place); null means the map is deleted. */
  private static JsonNode mergeMap(ObjectNode original, ObjectNode patch, Descriptor type) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      switch (directive.asText()) {
        case "replace" -> {
          return mergeMap(NODES.objectNode(), withoutDirective(patch), type);
        }
        case "delete" -> {
          return null;
        }
        case "merge" -> { }
        default -> throw new PatchException("unknown patch type: " + directive.asText() + " in map: " + patch);
      }
    }
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain != null) {
      retainKeys(original, retain, patch);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deleteFromPrimitiveList(original, e.getKey().substring(DELETE_FROM_PRIMITIVE_LIST.length()), e.getValue());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
          || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (value.isNull()) {
        original.remove(key);
        continue;
      }
      FieldDescriptor field = field(type, key);
      JsonNode merged = mergeValue(original.get(key), value, field);
      if (merged == null) {
        original.remove(key);
      } else {
        original.set(key, merged);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith(SET_ELEMENT_ORDER)) {
        String list = e.getKey().substring(SET_ELEMENT_ORDER.length());
        JsonNode current = original.get(list);
        if (current != null && current.isArray()) {
          original.set(list, order((ArrayNode) current, e.getValue(), strategy(field(type, list))));
        }
      }
    }
    return original;
  }

  /** One value: maps merge, lists merge or are replaced, anything else (or a change of type) replaces. */
  private static JsonNode mergeValue(JsonNode original, JsonNode patch, FieldDescriptor field) {
    if (patch.isObject()) {
      ObjectNode base = original != null && original.isObject() ? (ObjectNode) original : NODES.objectNode();
      return mergeMap(base, (ObjectNode) patch, messageType(field));
    }
    if (patch.isArray()) {
      ArrayNode base = original != null && original.isArray() ? (ArrayNode) original : NODES.arrayNode();
      return mergeList(base, (ArrayNode) patch, field);
    }
    return patch.deepCopy();
  }

  private static JsonNode mergeList(ArrayNode original, ArrayNode patch, FieldDescriptor field) {
    Optional<MergeKeys.Strategy> strategy = strategy(field);
    Descriptor elementType = messageType(field);
    if (strategy.isEmpty()) {
      return fresh(withoutDirectiveElements(patch), elementType);
    }
    if (hasDirectiveElement(patch, "replace")) {
      return fresh(withoutDirectiveElements(patch), elementType);
    }
    if (strategy.get().scalars()) {
      ArrayNode result = original.deepCopy();
      for (JsonNode p : patch) {
        if (!contains(result, p)) {
          result.add(p.deepCopy());
        }
      }
      return result;
    }
    String key = strategy.get().jsonKey();
    List<JsonNode> result = new ArrayList<>();
    original.forEach(result::add);
    for (JsonNode p : patch) {
      if (!p.isObject()) {
        throw new PatchException("the list \"" + field.getJsonName() + "\" merges on \"" + key
            + "\" and takes only objects, not " + p);
      }
      JsonNode directive = p.get(PATCH);
      JsonNode keyValue = p.get(key);
      if (keyValue == null) {
        if (directive != null && directive.asText().equals("merge")) {
          continue;
        }
        throw new PatchException("map: " + p + " does not contain declared merge key: " + key);
      }
      if (directive != null && directive.asText().equals("delete")) {
        result.removeIf(o -> keyValue.equals(o.get(key)));
        continue;
      }
      int at = indexOf(result, key, keyValue);
      if (at < 0) {
        JsonNode added = mergeMap(NODES.objectNode(), (ObjectNode) p, elementType);
        if (added != null) {
          result.add(added);
        }
      } else {
        JsonNode merged = mergeMap(((ObjectNode) result.get(at)).deepCopy(), (ObjectNode) p, elementType);
        if (merged == null) {
          result.remove(at);
        } else {
          result.set(at, merged);
        }
      }
    }
    ArrayNode out = NODES.arrayNode();
    result.forEach(out::add);
    return out;
  }

  /** A value new to the document: merged into nothing, so its directives and nulls are gone. */
  private static ArrayNode fresh(ArrayNode list, Descriptor elementType) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode element : list) {
      if (element.isObject()) {
        JsonNode merged = mergeMap(NODES.objectNode(), (ObjectNode) element, elementType);
        if (merged != null) {
          out.add(merged);
        }
      } else {
        out.add(element.deepCopy());
      }
    }
    return out;
  }

  private static void retainKeys(ObjectNode original, JsonNode retain, ObjectNode patch) {
    if (!retain.isArray()) {
      throw new PatchException("$retainKeys must be a list of field names, not " + retain);
    }
    Set<String> keep = new HashSet<>();
    retain.forEach(k -> keep.add(k.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      String k = it.next().getKey();
      if (!k.startsWith("$") && !keep.contains(k)) {
        throw new PatchException("the patch has field \"" + k + "\" that is not in $retainKeys " + retain);
      }
    }
    original.retain(keep);
  }

  private static void deleteFromPrimitiveList(ObjectNode original, String list, JsonNode values) {
    JsonNode current = original.get(list);
    if (current == null || !current.isArray()) {
      return;
    }
    if (!values.isArray()) {
      throw new PatchException(DELETE_FROM_PRIMITIVE_LIST + list + " must be a list, not " + values);
    }
    ArrayNode kept = NODES.arrayNode();
    for (JsonNode v : current) {
      if (!contains(values, v)) {
        kept.add(v);
      }
    }
    original.set(list, kept);
  }

  /**
   * Upstream's normalizeElementOrder: the elements named in the order come in that order, the others
   * (known only to the server) keep their places relative to the original list.
   */
  private static ArrayNode order(ArrayNode merged, JsonNode order, Optional<MergeKeys.Strategy> strategy) {
    if (!order.isArray()) {
      throw new PatchException(SET_ELEMENT_ORDER + " must be a list, not " + order);
    }
    String key = strategy.isPresent() && !strategy.get().scalars() ? strategy.get().jsonKey() : null;
    List<JsonNode> orderKeys = new ArrayList<>();
    order.forEach(o -> orderKeys.add(key == null ? o : o.get(key)));
    List<JsonNode> inOrder = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode m : merged) {
      (orderKeys.contains(key == null ? m : m.get(key)) ? inOrder : serverOnly).add(m);
    }
    inOrder.sort((a, b) -> orderKeys.indexOf(key == null ? a : a.get(key)) - orderKeys.indexOf(key == null ? b : b.get(key)));
    List<JsonNode> serverOrder = new ArrayList<>();
    merged.forEach(m -> serverOrder.add(key == null ? m : m.get(key)));
    ArrayNode out = NODES.arrayNode();
    int i = 0;
    int j = 0;
    while (i < inOrder.size() || j < serverOnly.size()) {
      if (i >= inOrder.size()) {
        out.add(serverOnly.get(j++));
      } else if (j >= serverOnly.size()) {
        out.add(inOrder.get(i++));
      } else {
        int li = serverOrder.indexOf(key == null ? inOrder.get(i) : inOrder.get(i).get(key));
        int ri = serverOrder.indexOf(key == null ? serverOnly.get(j) : serverOnly.get(j).get(key));
        out.add(li >= 0 && ri >= 0 && li < ri ? inOrder.get(i++) : serverOnly.get(j++));
      }
    }
    return out;
  }

  private static ObjectNode withoutDirective(ObjectNode patch) {
    ObjectNode copy = patch.deepCopy();
    copy.remove(PATCH);
    return copy;
  }

  private static boolean isDirectiveElement(JsonNode element) {
    return element.isObject() && element.size() == 1 && element.has(PATCH);
  }

  private static boolean hasDirectiveElement(ArrayNode list, String directive) {
    for (JsonNode e : list) {
      if (isDirectiveElement(e)) {
        if (!List.of("replace", "merge", "delete").contains(e.get(PATCH).asText())) {
          throw new PatchException("unknown patch type: " + e.get(PATCH).asText() + " in list: " + list);
        }
        if (e.get(PATCH).asText().equals(directive)) {
          return true;
        }
      }
    }
    return false;
  }

  private static ArrayNode withoutDirectiveElements(ArrayNode list) {
    ArrayNode out = NODES.arrayNode();
    list.forEach(e -> {
      if (!isDirectiveElement(e)) {
        out.add(e);
      }
    });
    return out;
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode v : list) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(List<JsonNode> list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<MergeKeys.Strategy> strategy(FieldDescriptor field) {
    return MergeKeys.of(field);
  }

  /** The field of this JSON name, or null where the schema says nothing (apiVersion, map values, ...). */
  private static FieldDescriptor field(Descriptor type, String jsonName) {
    if (type == null) {
      return null;
    }
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(jsonName)) {
        return f;
      }
    }
    return null;
  }

  /** The message a field holds (element type for lists); null for maps, scalars and atomic values. */
  private static Descriptor messageType(FieldDescriptor field) {
    if (field == null || field.isMapField() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return null;
    }
    Descriptor t = field.getMessageType();
    return t.equals(IntOrString.getDescriptor()) ? null : t;
  }

  private static String kindOf(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
