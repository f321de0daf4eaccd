package io.kava.kubectl.get;

import io.kava.kubectl.print.OutputFormat;
import io.kava.kubectl.print.PrintFlags;
import io.kava.kubectl.resource.Target;
import java.util.List;

/** What `kavactl get` was asked for, free of picocli. */
public record GetOptions(
    List<Target> targets,
    boolean allNamespaces,
    String labelSelector,
    String fieldSelector,
    OutputFormat output,
    boolean watch,
    boolean watchOnly,
    PrintFlags print) {

  /** Without printing flags beyond -o. */
  public GetOptions(List<Target> targets, boolean allNamespaces, String labelSelector, String fieldSelector,
      OutputFormat output, boolean watch, boolean watchOnly) {
    this(targets, allNamespaces, labelSelector, fieldSelector, output, watch, watchOnly, PrintFlags.of(output));
  }

  public GetOptions {
    targets = List.copyOf(targets);
    print = print == null ? PrintFlags.of(output) : print;
    labelSelector = labelSelector == null ? "" : labelSelector;
    fieldSelector = fieldSelector == null ? "" : fieldSelector;
  }
}
