package io.kava.kubectl.get;

import io.kava.kubectl.print.OutputFormat;
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
    boolean watchOnly) {

  public GetOptions {
    targets = List.copyOf(targets);
    labelSelector = labelSelector == null ? "" : labelSelector;
    fieldSelector = fieldSelector == null ? "" : fieldSelector;
  }
}
