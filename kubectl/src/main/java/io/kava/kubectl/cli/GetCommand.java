package io.kava.kubectl.cli;

import io.kava.kubectl.get.GetOptions;
import io.kava.kubectl.get.Getter;
import io.kava.kubectl.print.Output;
import io.kava.kubectl.print.PrintFlags;
import io.kava.kubectl.print.SortBy;
import io.kava.kubectl.resource.ResourceArgs;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Display one or many objects: get KIND[,KIND...] [NAME...] or get KIND/NAME...")
final class GetCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND [NAME...]", arity = "0..*", description = "e.g. pods, deploy nginx, po/web-0, all")
  List<String> args = List.of();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, yaml, json, name, jsonpath=TEMPLATE, jsonpath-file=FILE, "
      + "custom-columns=HEADER:PATH,..., custom-columns-file=FILE")
  String output;

  @Option(names = {"-A", "--all-namespaces"}, description = "List across all namespaces")
  boolean allNamespaces;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. app=nginx,tier!=db")
  String labelSelector;

  @Option(names = "--field-selector", paramLabel = "SELECTOR", description = "Field selector, e.g. spec.nodeName=node-1")
  String fieldSelector;

  @Option(names = {"-w", "--watch"}, description = "After listing, print a row for every change (Ctrl-C to stop)")
  boolean watch;

  @Option(names = "--watch-only", description = "Print a row for every change, without listing first")
  boolean watchOnly;

  @Option(names = "--sort-by", paramLabel = "JSONPATH", description = "Sort by a field, e.g. .metadata.creationTimestamp")
  String sortBy;

  @Option(names = {"-L", "--label-columns"}, split = ",", paramLabel = "KEY",
      description = "A column for each of these label keys")
  List<String> labelColumns = List.of();

  @Option(names = "--show-labels", description = "A last column with all labels")
  boolean showLabels;

  @Option(names = "--no-headers", description = "No header line in tables and custom columns")
  boolean noHeaders;

  @Override
  public Integer call() {
    Output out = Output.parse(output);
    PrintFlags print = new PrintFlags(out, sortBy == null || sortBy.isBlank() ? null : SortBy.parse(sortBy),
        labelColumns, showLabels, noHeaders);
    GetOptions options = new GetOptions(ResourceArgs.parse(args, "get"), allNamespaces, labelSelector, fieldSelector,
        out.format(), watch, watchOnly, print);
    return new Getter(root.session()).get(options);
  }
}
