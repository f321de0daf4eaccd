package io.kava.kubectl.cli;

import io.kava.kubectl.discovery.ApiResources;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "api-versions", mixinStandardHelpOptions = true,
    description = "Print the supported API versions, in the form group/version")
final class ApiVersionsCommand implements Runnable {
  @ParentCommand
  RootCommand root;

  @Override
  public void run() {
    ApiResources.printVersions(root.env().out());
  }
}
