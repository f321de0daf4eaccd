package io.kava.kubectl.print;

import java.util.ArrayList;
import java.util.List;

/**
 * A port of Go's text/tabwriter as kubectl describe uses it (min width 0, padding 2, spaces): lines hold
 * tab-terminated cells; a column is aligned over each run of consecutive lines that have a cell in it,
 * so sections with different shapes align independently, exactly as `kubectl describe` looks.
 */
public final class ColumnBlocks {
  private final int minWidth;
  private final int padding;
  private List<List<String>> lines;
  private final List<Integer> widths = new ArrayList<>();
  private StringBuilder out;

  public ColumnBlocks(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** Aligns text whose cells are separated by '\t'; the text after a line's last tab is not a column. */
  public String format(String text) {
    lines = new ArrayList<>();
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    for (String line : body.split("\n", -1)) {
      lines.add(List.of(line.split("\t", -1)));
    }
    out = new StringBuilder();
    widths.clear();
    format(0, lines.size());
    return out.toString();
  }

  private void format(int line0, int line1) {
    int column = widths.size();
    int first = line0;
    for (int i = line0; i < line1; i++) {
      if (column >= lines.get(i).size() - 1) {
        continue;
      }
      writeLines(first, i);
      first = i;
      int width = minWidth;
      for (; i < line1; i++) {
        List<String> line = lines.get(i);
        if (column >= line.size() - 1) {
          break;
        }
        width = Math.max(width, textWidth(line.get(column)) + padding);
      }
      widths.add(width);
      format(first, i);
      widths.remove(widths.size() - 1);
      first = i; // line i has no cell in this column, so the loop may step past it
    }
    writeLines(first, line1);
  }

  private void writeLines(int line0, int line1) {
    for (int i = line0; i < line1; i++) {
      List<String> line = lines.get(i);
      for (int j = 0; j < line.size(); j++) {
        String cell = line.get(j);
        out.append(cell);
        if (j < widths.size() && j < line.size() - 1) {
          out.append(" ".repeat(Math.max(0, widths.get(j) - textWidth(cell))));
        }
      }
      out.append('\n');
    }
  }

  private static int textWidth(String s) {
    return s.codePointCount(0, s.length());
  }
}
