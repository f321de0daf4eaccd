package io.kava.kubectl.print;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.kubectl.resource.ObjectNames;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints one kind as a kubectl table: a NAMESPACE column first with --all-namespaces, names written as
 * `deployment.apps/nginx` when several kinds are shown together. Keeps its column widths so a watch can
 * print one row at a time.
 */
public final class TablePrinter {
  private final Kind kind;
  private final KindTable table;
  private final boolean wide;
  private final boolean withNamespace;
  private final boolean kindPrefix;
  private final TabWriter writer = new TabWriter();
  private boolean headerDone;
  private List<String> labelColumns = List.of();
  private boolean showLabels;

  public TablePrinter(Kind kind, boolean wide, boolean allNamespaces, boolean kindPrefix) {
    this.kind = kind;
    this.table = KindTables.of(kind);
    this.wide = wide;
    this.withNamespace = allNamespaces && kind.namespaced();
    this.kindPrefix = kindPrefix;
  }

  /**
   * Adds kubectl's label columns: one per -L key (header: the key's last path part in capitals), then
   * LABELS with --show-labels. Returns this printer.
   */
  public TablePrinter withLabels(List<String> columns, boolean show) {
    this.labelColumns = List.copyOf(columns);
    this.showLabels = show;
    return this;
  }

  /** --no-headers: rows only. Returns this printer. */
  public TablePrinter withoutHeaders(boolean noHeaders) {
    this.headerDone |= noHeaders;
    return this;
  }

  /** Prints the header (once) and the rows, aligned together. */
  public void print(List<? extends Message> objects, Instant now, PrintStream out) {
    if (!headerDone) {
      writer.add(header());
      headerDone = true;
    }
    for (Message object : objects) {
      writer.add(row(object, now));
    }
    writer.flush(out);
  }

  List<String> header() {
    List<String> h = new ArrayList<>();
    if (withNamespace) {
      h.add("NAMESPACE");
    }
    h.addAll(table.headers(wide));
    h.addAll(LabelCells.headers(labelColumns, showLabels));
    return h;
  }

  List<String> row(Message object, Instant now) {
    List<String> cells = new ArrayList<>();
    if (withNamespace) {
      cells.add(ApiObjects.meta(object).getNamespace());
    }
    List<String> r = new ArrayList<>(table.row(object, wide, now));
    if (kindPrefix && KindTables.nameFirst(kind)) {
      r.set(0, ObjectNames.slashed(kind, r.get(0)));
    }
    cells.addAll(r);
    cells.addAll(LabelCells.cells(ApiObjects.meta(object).getLabelsMap(), labelColumns, showLabels));
    return cells;
  }
}
