package io.kava.kubectl.print;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The cells of -L key1,key2 and --show-labels, as kubectl's table printer adds them. */
final class LabelCells {
  private LabelCells() {}

  static List<String> headers(List<String> columns, boolean showLabels) {
    List<String> h = new ArrayList<>();
    for (String key : columns) {
      String[] parts = key.split("/");
      h.add(parts[parts.length - 1].toUpperCase(Locale.ROOT));
    }
    if (showLabels) {
      h.add("LABELS");
    }
    return h;
  }

  static List<String> cells(Map<String, String> labels, List<String> columns, boolean showLabels) {
    List<String> c = new ArrayList<>();
    for (String key : columns) {
      c.add(labels.getOrDefault(key, ""));
    }
    if (showLabels) {
      c.add(format(labels));
    }
    return c;
  }

  /** "app=nginx,tier=web" in key order, or "<none>". */
  static String format(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "<none>";
    }
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(labels).forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join(",", pairs);
  }
}
