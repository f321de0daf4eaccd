package io.kava.kubectl.cli;

import io.kava.kubectl.get.GetOptions;
import io.kava.kubectl.get.Getter;
import io.kava.kubectl.print.OutputFormat;
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

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, yaml, json or name")
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

  @Override
  public Integer call() {
    OutputFormat format = OutputFormat.parse(output);
    GetOptions options = new GetOptions(ResourceArgs.parse(args, "get"), allNamespaces, labelSelector, fieldSelector,
        format, watch, watchOnly);
    return new Getter(root.session()).get(options);
  }
}
