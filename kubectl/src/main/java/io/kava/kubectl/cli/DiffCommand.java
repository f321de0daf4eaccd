package io.kava.kubectl.cli;

import io.kava.kubectl.Kavactl;
import io.kava.kubectl.Session;
import io.kava.kubectl.edit.Diffing;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Show what apply -f would change, as a unified diff of the live objects against the result "
        + "(exit 0: no change, 1: changes, above 1: an error). $KUBECTL_EXTERNAL_DIFF replaces `diff -u -N`.")
final class DiffCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-", description = "The manifests")
  List<String> files;

  @Override
  public Integer call() {
    Session session = root.session();
    try {
      return new Diffing(session, root.env()).diff(ManifestObjects.load(ManifestFiles.read(files, session.in()),
          session.namespace(), session.namespaceExplicit(), "diff"));
    } catch (RuntimeException e) {
      // kubectl's CheckDiffErr: exit 1 means "differences", so an error is one above the usual code
      session.err().println(Kavactl.errorLine(e, root));
      return 2;
    }
  }
}
