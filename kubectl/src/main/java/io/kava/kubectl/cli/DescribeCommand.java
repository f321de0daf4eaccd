package io.kava.kubectl.cli;

import io.kava.kubectl.describe.Describer;
import io.kava.kubectl.resource.ResourceArgs;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show details of objects and their recent events: describe KIND [NAME...]")
final class DescribeCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND [NAME...]", arity = "0..*")
  List<String> args = List.of();

  @Override
  public Integer call() {
    return new Describer(root.session()).describe(ResourceArgs.parse(args, "describe"));
  }
}
