package io.kava.kubectl.print;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Label selectors and label maps written as kubectl writes them: `app=nginx,tier in (a,b)`. */
public final class Selectors {
  private Selectors() {}

  public static String format(LabelSelector selector) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(selector.getMatchLabelsMap()).forEach((k, v) -> parts.add(k + "=" + v));
    for (LabelSelectorRequirement r : selector.getMatchExpressionsList()) {
      String values = String.join(",", r.getValuesList());
      switch (r.getOperator()) {
        case "In" -> parts.add(r.getKey() + " in (" + values + ")");
        case "NotIn" -> parts.add(r.getKey() + " notin (" + values + ")");
        case "Exists" -> parts.add(r.getKey());
        case "DoesNotExist" -> parts.add("!" + r.getKey());
        default -> parts.add(r.getKey() + " " + r.getOperator() + " (" + values + ")");
      }
    }
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }

  /** "a=1,b=2" sorted by key, or "&lt;none&gt;". */
  public static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "<none>";
    }
    List<String> parts = new ArrayList<>();
    new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
