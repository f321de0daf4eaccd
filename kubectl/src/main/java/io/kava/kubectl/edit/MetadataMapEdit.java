package io.kava.kubectl.edit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kava.client.selector.LabelValidation;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The `key=value` and `key-` arguments of `label` and `annotate`, read and checked as kubectl does, and
 * what they make of an object's map.
 */
public final class MetadataMapEdit {
  /** Which map of metadata a command edits, and kubectl's words for it. */
  public enum Field {
    LABELS("label", "labeled", "labels"),
    ANNOTATIONS("annotation", "annotated", "annotations");

    final String noun;
    final String verbed;
    final String jsonName;

    Field(String noun, String verbed, String jsonName) {
      this.noun = noun;
      this.verbed = verbed;
      this.jsonName = jsonName;
    }

    public String verbed() {
      return verbed;
    }
  }

  private final Field field;
  private final Map<String, String> set;
  private final List<String> remove;

  private MetadataMapEdit(Field field, Map<String, String> set, List<String> remove) {
    this.field = field;
    this.set = set;
    this.remove = remove;
  }

  /** kubectl's GetResourcesAndPairs: resources first, then the changes (an arg with `=` or ending in `-`). */
  public record Split(List<String> resources, List<String> pairs) {}

  public static Split split(List<String> args, Field field) {
    List<String> resources = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    for (String a : args) {
      boolean pair = a.contains("=") || (a.endsWith("-") && !a.contains("/"));
      if (pair) {
        pairs.add(a);
      } else if (!pairs.isEmpty()) {
        throw CliException.error("all resources must be specified before " + field.noun + " changes: " + a);
      } else {
        resources.add(a);
      }
    }
    return new Split(resources, pairs);
  }

  public static MetadataMapEdit parse(List<String> pairs, Field field) {
    Map<String, String> set = new LinkedHashMap<>();
    List<String> remove = new ArrayList<>();
    for (String spec : pairs) {
      if (spec.contains("=")) {
        String[] parts = spec.split("=", -1);
        if (parts.length != 2) {
          throw CliException.error("invalid " + field.noun + " spec: " + spec);
        }
        checkKey(parts[0], spec, field);
        if (field == Field.LABELS) {
          List<String> errors = LabelValidation.isValidLabelValue(parts[1]);
          if (!errors.isEmpty()) {
            throw CliException.error("invalid label value: \"" + spec + "\": " + String.join("; ", errors));
          }
        }
        set.put(parts[0], parts[1]);
      } else if (spec.endsWith("-")) {
        String key = spec.substring(0, spec.length() - 1);
        checkKey(key, spec, field);
        remove.add(key);
      } else {
        throw CliException.error("unknown " + field.noun + " spec: " + spec);
      }
    }
    for (String key : remove) {
      if (set.containsKey(key)) {
        throw CliException.error("can not both modify and remove the following " + field.noun + "(s) in the same command: " + key);
      }
    }
    return new MetadataMapEdit(field, set, remove);
  }

  private static void checkKey(String key, String spec, Field field) {
    List<String> errors = LabelValidation.isQualifiedName(key);
    if (!errors.isEmpty()) {
      throw CliException.error("invalid " + field.noun + " spec: " + spec + ", " + String.join("; ", errors));
    }
  }

  public boolean isEmpty() {
    return set.isEmpty() && remove.isEmpty();
  }

  /**
   * The map after the changes.
   *
   * @throws CliException kubectl's "'k' already has a value (v), and --overwrite is false"
   */
  public Map<String, String> applyTo(Map<String, String> current, boolean overwrite) {
    if (!overwrite) {
      for (Map.Entry<String, String> e : set.entrySet()) {
        String old = current.get(e.getKey());
        if (old != null && !old.equals(e.getValue())) {
          throw CliException.error("'" + e.getKey() + "' already has a value (" + old + "), and --overwrite is false");
        }
      }
    }
    Map<String, String> result = new TreeMap<>(current);
    result.putAll(set);
    remove.forEach(result::remove);
    return result;
  }

  /** The keys to remove that the object does not have (kubectl warns about each). */
  public List<String> missing(Map<String, String> current) {
    return remove.stream().filter(k -> !current.containsKey(k)).toList();
  }

  /**
   * The JSON merge patch from the old map to the new, as kubectl sends it, with the resourceVersion
   * precondition when one is given.
   */
  public ObjectNode mergePatch(Map<String, String> before, Map<String, String> after, String resourceVersion) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode meta = patch.putObject("metadata");
    ObjectNode map = meta.putObject(field.jsonName);
    after.forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        map.put(k, v);
      }
    });
    before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(map::putNull);
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      meta.put("resourceVersion", resourceVersion);
    }
    return patch;
  }
}
