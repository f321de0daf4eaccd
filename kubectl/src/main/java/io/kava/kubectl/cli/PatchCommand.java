package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.client.patch.PatchType;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.edit.ObjectSelection;
import io.kava.kubectl.edit.Patching;
import io.kava.kubectl.generate.GeneratedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "patch", mixinStandardHelpOptions = true,
    description = "Update fields of an object with a strategic merge patch, a JSON merge patch or a JSON patch.")
final class PatchCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND NAME|KIND/NAME", arity = "0..*")
  List<String> args = List.of();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", description = "Patch the objects these manifests name")
  List<String> files = List.of();

  @Option(names = {"-p", "--patch"}, paramLabel = "PATCH", description = "The patch, JSON or YAML")
  String patch;

  @Option(names = "--patch-file", paramLabel = "FILE", description = "A file holding the patch")
  Path patchFile;

  @Option(names = "--type", defaultValue = "strategic", paramLabel = "strategic|merge|json",
      description = "The patch format (default: ${DEFAULT-VALUE})")
  String type;

  @Mixin
  DryRunFlag dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "yaml|json|name", description = "Print the patched object")
  String output;

  @Override
  public Integer call() {
    PatchType patchType;
    try {
      patchType = PatchType.parse(type);
    } catch (IllegalArgumentException e) {
      throw CliException.error(e.getMessage());
    }
    String text = patchText();
    Session session = root.session();
    Patching patching = new Patching(session, patchType, text, dryRun.mode(root.session()), GeneratedOutput.parse(output));
    ObjectSelection.Found found = ObjectSelection.find(session,
        new ObjectSelection.Request(args, files, false, null, "patch"));
    int exit = 0;
    for (Message live : found.objects()) {
      exit |= patching.patch(live);
    }
    return exit | ObjectSelection.reportMissing(session, found);
  }

  private String patchText() {
    if (patch != null && patchFile != null) {
      throw CliException.error("--patch and --patch-file are mutually exclusive");
    }
    if (patchFile != null) {
      try {
        return Files.readString(patchFile);
      } catch (IOException e) {
        throw CliException.error("unable to read patch file: open " + patchFile + ": no such file or directory");
      }
    }
    if (patch == null || patch.isBlank()) {
      throw CliException.error("must specify --patch or --patch-file containing the contents of the patch");
    }
    return patch;
  }
}
