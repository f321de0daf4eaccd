package io.kava.kubectl.cli;

import io.kava.kubectl.discovery.ApiResources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "api-resources", mixinStandardHelpOptions = true, description = "Print the supported API resources")
final class ApiResourcesCommand implements Runnable {
  @ParentCommand
  RootCommand root;

  @Option(names = "--namespaced", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      description = "true: only namespaced resources; false: only cluster-wide ones")
  Boolean namespaced;

  @Option(names = "--api-group", paramLabel = "GROUP", description = "Only resources of this API group (\"\" for core)")
  String apiGroup;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide (adds VERBS) or name")
  String output;

  @Option(names = "--no-headers", description = "No header line")
  boolean noHeaders;

  @Override
  public void run() {
    ApiResources.print(new ApiResources.Filter(namespaced, apiGroup, output, noHeaders), root.env().out());
  }
}
