package io.kava.kubectl.cli;

import io.kava.kubectl.version.VersionPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the client and server versions")
final class VersionCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Option(names = "--client", description = "Only the client version (no server needed)")
  boolean clientOnly;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml or json")
  String output;

  @Override
  public Integer call() {
    return new VersionPrinter(root.session()).print(clientOnly, output);
  }
}
