package io.kava.kubectl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.kubectl.jsonpath.Step.Filter;
import io.kava.kubectl.jsonpath.Step.Literal;
import io.kava.kubectl.jsonpath.Step.PathOperand;
import io.kava.kubectl.jsonpath.Step.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Applies a parsed path to JSON values: each step maps the list of current values to the next list. */
final class Evaluator {
  private final JsonNode root;
  private final boolean allowMissingKeys;

  Evaluator(JsonNode root, boolean allowMissingKeys) {
    this.root = root;
    this.allowMissingKeys = allowMissingKeys;
  }

  List<JsonNode> eval(List<Step> path, List<JsonNode> start) {
    List<JsonNode> values = start;
    boolean recursive = false;
    for (Step step : path) {
      if (step instanceof Step.Recursive) {
        recursive = true;
        continue;
      }
      values = recursive ? apply(step, descendants(values), true) : apply(step, values, false);
      recursive = false;
    }
    return values;
  }

  private List<JsonNode> apply(Step step, List<JsonNode> values, boolean lenient) {
    if (step instanceof Step.Root) {
      return List.of(root);
    }
    if (step instanceof Step.Field f) {
      return field(f.name(), values, lenient);
    }
    if (step instanceof Step.Wildcard) {
      return wildcard(values);
    }
    if (step instanceof Step.Slice s) {
      return slice(s, values, lenient);
    }
    if (step instanceof Step.Union u) {
      List<JsonNode> all = new ArrayList<>();
      u.branches().forEach(b -> all.addAll(eval(b, values)));
      return all;
    }
    if (step instanceof Step.Filter f) {
      return filter(f, values, lenient);
    }
    if (step instanceof Step.Identifier id) {
      throw new JsonPathException("unrecognized identifier " + id.name());
    }
    return values; // @ and a trailing ..
  }

  private List<JsonNode> field(String name, List<JsonNode> values, boolean lenient) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode v : values) {
      JsonNode child = v.isObject() ? v.get(name) : null;
      if (child != null) {
        found.add(child);
      }
    }
    if (found.isEmpty() && !values.isEmpty() && !lenient && !allowMissingKeys) {
      throw new JsonPathException(name + " is not found");
    }
    return found;
  }

  private static List<JsonNode> wildcard(List<JsonNode> values) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode v : values) {
      if (v.isObject() || v.isArray()) {
        v.elements().forEachRemaining(all::add);
      }
    }
    return all;
  }

  /** Every value and everything below it, parents before children. */
  private static List<JsonNode> descendants(List<JsonNode> values) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode v : values) {
      all.add(v);
      if (v.isObject() || v.isArray()) {
        List<JsonNode> children = new ArrayList<>();
        v.elements().forEachRemaining(children::add);
        all.addAll(descendants(children));
      }
    }
    return all;
  }

  private List<JsonNode> slice(Slice s, List<JsonNode> values, boolean lenient) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : values) {
      if (!v.isArray()) {
        if (lenient) {
          continue;
        }
        throw new JsonPathException(Values.typeName(v) + " is not array or slice");
      }
      int length = v.size();
      int start = s.start() == null ? 0 : s.start() < 0 ? s.start() + length : s.start();
      if (s.single()) {
        if (start < 0 || start >= length) {
          throw new JsonPathException("array index out of bounds: index " + s.start() + ", length " + length);
        }
        out.add(v.get(start));
        continue;
      }
      int end = s.end() == null ? length : s.end() < 0 ? s.end() + length : s.end();
      if (start > end) {
        throw new JsonPathException("starting index " + start + " is greater than ending index " + end);
      }
      int step = s.step() == null ? 1 : s.step();
      if (step <= 0) {
        throw new JsonPathException("step must be > 0");
      }
      for (int i = Math.max(0, start); i < Math.min(length, end); i += step) {
        out.add(v.get(i));
      }
    }
    return out;
  }

  private List<JsonNode> filter(Filter f, List<JsonNode> values, boolean lenient) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : values) {
      if (!v.isArray()) {
        if (lenient) {
          continue;
        }
        throw new JsonPathException(Values.typeName(v) + " is not array or slice and cannot be filtered");
      }
      for (JsonNode element : v) {
        if (f.operator().equals("exists")) { // a field's absence is the answer here, never an error
          List<JsonNode> lefts = new Evaluator(root, true).eval(f.left(), List.of(element));
          if (!lefts.isEmpty() && !lefts.get(0).isNull()) {
            out.add(element);
          }
          continue;
        }
        List<JsonNode> lefts = eval(f.left(), List.of(element));
        if (lefts.isEmpty()) {
          continue;
        }
        Object right = right(f, element);
        if (right != null && compare(Values.plain(lefts.get(0)), f.operator(), right)) {
          out.add(element);
        }
      }
    }
    return out;
  }

  private Object right(Filter f, JsonNode element) {
    if (f.right() instanceof Literal l) {
      return l.value();
    }
    List<JsonNode> rights = eval(((PathOperand) f.right()).path(), List.of(element));
    return rights.isEmpty() ? null : Values.plain(rights.get(0));
  }

  private static boolean compare(Object left, String operator, Object right) {
    if (operator.equals("=~")) {
      if (!(left instanceof String l) || !(right instanceof String r)) {
        throw new JsonPathException("=~ only matches strings");
      }
      return Pattern.compile(r).matcher(l).find();
    }
    if (operator.equals("==") || operator.equals("!=")) {
      boolean equal = left instanceof Double a && right instanceof Double b ? a.doubleValue() == b.doubleValue()
          : left.equals(right);
      return equal == operator.equals("==");
    }
    int order;
    if (left instanceof Double a && right instanceof Double b) {
      order = Double.compare(a, b);
    } else if (left instanceof String a && right instanceof String b) {
      order = a.compareTo(b);
    } else {
      throw new JsonPathException("incompatible types for comparison");
    }
    return switch (operator) {
      case "<" -> order < 0;
      case ">" -> order > 0;
      case "<=" -> order <= 0;
      default -> order >= 0;
    };
  }

}
