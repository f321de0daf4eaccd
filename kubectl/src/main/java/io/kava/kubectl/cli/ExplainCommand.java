package io.kava.kubectl.cli;

import io.kava.kubectl.explain.Explainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Describe the fields of a kind: explain KIND[.field.path] [--recursive], e.g. explain pod.spec.containers")
final class ExplainCommand implements Runnable {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND[.FIELD...]")
  String path;

  @Option(names = "--recursive", description = "Every field below, names and types only")
  boolean recursive;

  @Override
  public void run() {
    new Explainer().explain(path, recursive, root.env().out());
  }
}
