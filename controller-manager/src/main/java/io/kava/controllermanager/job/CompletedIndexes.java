package io.kava.controllermanager.job;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** status.completedIndexes of an Indexed Job: sorted intervals as upstream writes them, "1,3-5,7". */
final class CompletedIndexes {
  private CompletedIndexes() {}

  static SortedSet<Integer> parse(String text) {
    SortedSet<Integer> indexes = new TreeSet<>();
    if (text == null || text.isEmpty()) {
      return indexes;
    }
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      try {
        int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
        for (int i = from; i <= to; i++) {
          indexes.add(i);
        }
      } catch (NumberFormatException e) {
        // Upstream skips what it cannot read; the pods still show what succeeded.
      }
    }
    return indexes;
  }

  static String format(SortedSet<Integer> indexes) {
    List<String> parts = new ArrayList<>();
    Integer start = null;
    Integer prev = null;
    for (int i : indexes) {
      if (prev != null && i == prev + 1) {
        prev = i;
        continue;
      }
      if (start != null) {
        parts.add(interval(start, prev));
      }
      start = i;
      prev = i;
    }
    if (start != null) {
      parts.add(interval(start, prev));
    }
    return String.join(",", parts);
  }

  private static String interval(int from, int to) {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
