package io.kava.kubectl.cli;

import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.delete.DeleteFlags;
import io.kava.kubectl.delete.Deleter;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete objects by kind and name, by manifest (-f), or all of a kind (--all, -l).")
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND [NAME...]", arity = "0..*")
  List<String> args = List.of();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", description = "Delete the objects of these manifests")
  List<String> files = List.of();

  @Option(names = "--all", description = "Delete every object of the kind in the namespace")
  boolean all;

  @Option(names = {"-A", "--all-namespaces"}, description = "With --all or -l: in every namespace")
  boolean allNamespaces;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Delete the objects matching these labels")
  String labelSelector;

  @Option(names = "--grace-period", defaultValue = "-1", paramLabel = "SECONDS",
      description = "Seconds given to the object to end gracefully; negative: the object's own default")
  long gracePeriod;

  @Option(names = "--cascade", arity = "0..1", fallbackValue = "background", defaultValue = "background",
      paramLabel = "background|foreground|orphan", description = "How dependents are garbage-collected")
  String cascade;

  @Option(names = "--ignore-not-found", description = "Treat objects that do not exist as deleted")
  boolean ignoreNotFound;

  @Option(names = "--force", description = "With --grace-period=0 (its default with --force): remove the object at once, "
      + "without waiting for its processes to end")
  boolean force;

  @Option(names = "--now", description = "Signal the object for immediate shutdown (--grace-period=1)")
  boolean now;

  @Option(names = "--wait", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Wait for the objects to be gone before returning (default true)")
  boolean waitForDeletion;

  @Option(names = "--timeout", defaultValue = "0s", converter = io.kava.client.flags.DurationConverter.class,
      description = "How long to wait for the deletion, zero: a week (e.g. 30s)")
  java.time.Duration timeout;

  @Override
  public Integer call() {
    Session session = root.session();
    DeleteFlags flags = DeleteFlags.of(gracePeriod, force, now, cascade, ignoreNotFound, waitForDeletion, timeout);
    flags.toOptions(); // refuse a bad --cascade before anything is read
    if (flags.forced()) {
      session.err().println("Warning: Immediate deletion does not wait for confirmation that the running resource "
          + "has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    Deleter deleter = new Deleter(session, flags);
    if (!files.isEmpty()) {
      if (!args.isEmpty()) {
        throw CliException.error("when -f is given, no KIND or NAME arguments are allowed");
      }
      return deleter.deleteObjects(ManifestObjects.load(ManifestFiles.read(files, session.in()), session.namespace(),
          session.namespaceExplicit(), "delete")) | deleter.awaitDeletions();
    }
    List<Target> targets = ResourceArgs.parse(args, "delete");
    boolean named = targets.stream().anyMatch(t -> !t.names().isEmpty());
    if (all || labelSelector != null) {
      if (named) {
        throw CliException.error("names cannot be provided when a selector or --all is specified");
      }
      return deleter.deleteAll(targets, labelSelector, allNamespaces) | deleter.awaitDeletions();
    }
    if (!named) {
      throw CliException.error("resource(s) were provided, but no name was specified");
    }
    return deleter.deleteNamed(targets) | deleter.awaitDeletions();
  }
}
