package io.kava.kubectl.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `kavactl uncordon NODE...`: mark nodes schedulable again. */
@Command(name = "uncordon", mixinStandardHelpOptions = true, description = "Mark node as schedulable.")
final class UncordonCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "NODE", arity = "0..*")
  List<String> nodes = List.of();

  @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
      description = "client: only print what would change; server: same, nothing is sent")
  String dryRun;

  @Override
  public Integer call() {
    return CordonCommand.setUnschedulable(root, "uncordon", nodes, false, dryRun);
  }
}
