package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.client.flags.DurationConverter;
import io.kava.kubectl.Session;
import io.kava.kubectl.edit.Replacing;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "replace", mixinStandardHelpOptions = true,
    description = "Replace objects by their manifests (a full update); --force deletes and creates them again.")
final class ReplaceCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-", description = "The manifests")
  List<String> files;

  @Option(names = "--force", description = "Delete each object, wait until it is gone, and create it again")
  boolean force;

  @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "With --force: how long to wait for the deletion (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Mixin
  DryRunFlag dryRun;

  @Override
  public Integer call() {
    Session session = root.session();
    Replacing replacing = new Replacing(session, force, timeout, dryRun.mode(session));
    List<Message> objects = ManifestObjects.load(ManifestFiles.read(files, session.in()), session.namespace(),
        session.namespaceExplicit(), "replace");
    int exit = 0;
    for (Message object : objects) {
      exit |= replacing.replace(object);
    }
    return exit;
  }
}
