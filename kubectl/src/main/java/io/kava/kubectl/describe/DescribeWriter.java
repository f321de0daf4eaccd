package io.kava.kubectl.describe;

import io.kava.kubectl.print.ColumnBlocks;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds describe output as kubectl's PrefixWriter does: two spaces per level, cells separated by tabs and
 * aligned at the end by {@link ColumnBlocks}; {@link #flush()} starts a separately aligned part.
 */
final class DescribeWriter {
  private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);
  private static final Set<String> HIDDEN_ANNOTATIONS = Set.of("kubectl.kubernetes.io/last-applied-configuration");

  private final StringBuilder done = new StringBuilder();
  private final StringBuilder part = new StringBuilder();
  private final ZoneId zone;

  DescribeWriter(ZoneId zone) {
    this.zone = zone;
  }

  /** One line at an indent level; the cells are separated by tabs. */
  DescribeWriter line(int level, String... cells) {
    part.append("  ".repeat(level)).append(String.join("\t", cells)).append('\n');
    return this;
  }

  /** `Title:\tvalue`, or `Title:\t<none>` when the value is empty. */
  DescribeWriter field(int level, String title, String value) {
    return line(level, title + ":", value == null || value.isEmpty() ? "<none>" : value);
  }

  /** `Labels:\ta=1` then `\tb=2` for the rest, sorted; `<none>` when empty. */
  DescribeWriter labels(int level, String title, Map<String, String> labels) {
    return multiline(level, title, labels, "=");
  }

  DescribeWriter annotations(int level, Map<String, String> annotations) {
    Map<String, String> shown = new TreeMap<>(annotations);
    HIDDEN_ANNOTATIONS.forEach(shown::remove);
    return multiline(level, "Annotations", shown, ": ");
  }

  private DescribeWriter multiline(int level, String title, Map<String, String> values, String separator) {
    if (values.isEmpty()) {
      return line(level, title + ":", "<none>");
    }
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      String value = e.getKey() + separator + e.getValue().replace("\n", " ");
      if (first) {
        line(level, title + ":", value);
        first = false;
      } else {
        line(level, "", value);
      }
    }
    return this;
  }

  /** Aligns what was written so far on its own, like tabwriter.Flush. */
  DescribeWriter flush() {
    if (part.length() > 0) {
      done.append(new ColumnBlocks(0, 2).format(part.toString()));
      part.setLength(0);
    }
    return this;
  }

  /** "Mon, 02 Jan 2006 15:04:05 +0000", or the text as given when it is not a timestamp. */
  String time(String rfc3339) {
    Instant t = io.kava.kubectl.print.Age.parse(rfc3339);
    return t == null ? rfc3339 : RFC1123Z.format(t.atZone(zone));
  }

  String render() {
    flush();
    return done.toString();
  }
}
