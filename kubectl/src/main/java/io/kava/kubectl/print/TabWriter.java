package io.kava.kubectl.print;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns table cells as kubectl's tabwriter does (minimum width 6, padding 3, last cell unpadded). Widths
 * are remembered and only grow, so the rows a watch prints one by one stay under their headers.
 */
public final class TabWriter {
  private static final int MIN_WIDTH = 6;
  private static final int PADDING = 3;

  private final List<Integer> widths = new ArrayList<>();
  private final List<List<String>> pending = new ArrayList<>();

  public TabWriter add(List<String> cells) {
    pending.add(cells);
    for (int i = 0; i < cells.size() - 1; i++) {
      int w = Math.max(MIN_WIDTH, width(cells.get(i)) + PADDING);
      if (i == widths.size()) {
        widths.add(w);
      } else if (w > widths.get(i)) {
        widths.set(i, w);
      }
    }
    return this;
  }

  /** Prints the rows added since the last flush. */
  public void flush(PrintStream out) {
    StringBuilder text = new StringBuilder();
    for (List<String> row : pending) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        text.append(cell);
        if (i < row.size() - 1) {
          text.append(" ".repeat(widths.get(i) - width(cell)));
        }
      }
      text.append('\n');
    }
    pending.clear();
    out.print(text);
    out.flush();
  }

  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
