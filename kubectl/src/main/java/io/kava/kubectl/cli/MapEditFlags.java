package io.kava.kubectl.cli;

import io.kava.kubectl.edit.MetadataMapCommand;
import io.kava.kubectl.edit.MetadataMapEdit;
import io.kava.kubectl.generate.GeneratedOutput;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments and flags `label` and `annotate` share, as kubectl's. */
final class MapEditFlags {
  @Parameters(paramLabel = "KIND NAME|KIND/NAME... KEY=VALUE... KEY-...", arity = "0..*")
  List<String> args = List.of();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", description = "The objects these manifests name")
  List<String> files = List.of();

  @Option(names = "--all", description = "Every object of the kind in the namespace")
  boolean all;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "The objects matching these labels")
  String selector;

  @Option(names = "--overwrite", description = "Allow changing a key that already has a value")
  boolean overwrite;

  @Option(names = "--list", description = "Print the current keys and values instead of changing them")
  boolean list;

  @Option(names = "--resource-version", paramLabel = "VERSION",
      description = "Change the object only if it is still at this resourceVersion")
  String resourceVersion;

  @Mixin
  DryRunFlag dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "yaml|json|name", description = "Print the changed object")
  String output;

  int run(RootCommand root, MetadataMapEdit.Field field) {
    MetadataMapCommand.Options options = new MetadataMapCommand.Options(field, overwrite, list, resourceVersion,
        dryRun.mode(root.session()), GeneratedOutput.parse(output));
    return new MetadataMapCommand(root.session(), options).run(args, files, all, selector);
  }
}
