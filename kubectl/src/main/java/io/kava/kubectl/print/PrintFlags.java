package io.kava.kubectl.print;

import java.util.List;

/** The printing flags of `get` beyond -o: --sort-by, -L, --show-labels, --no-headers. */
public record PrintFlags(Output output, SortBy sortBy, List<String> labelColumns, boolean showLabels,
    boolean noHeaders) {
  public PrintFlags {
    labelColumns = labelColumns == null ? List.of() : List.copyOf(labelColumns);
  }

  public static PrintFlags of(OutputFormat format) {
    return new PrintFlags(new Output(format, null, null), null, List.of(), false, false);
  }

  /** A table printer for a kind with these flags applied. */
  public TablePrinter table(io.kava.client.Kind kind, boolean allNamespaces, boolean kindPrefix) {
    return new TablePrinter(kind, output.format() == OutputFormat.WIDE, allNamespaces, kindPrefix)
        .withLabels(labelColumns, showLabels).withoutHeaders(noHeaders);
  }
}
