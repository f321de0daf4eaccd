package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.kubectl.Session;
import io.kava.kubectl.apply.Applier;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Create objects from manifests, or update them to match (every document is checked before any "
        + "is written).")
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
      description = "A manifest file, a folder of *.yaml, *.yml and *.json files, or - for standard input; repeatable")
  List<String> files;

  @Override
  public Integer call() {
    Session session = root.session();
    List<Message> objects = ManifestObjects.load(ManifestFiles.read(files, session.in()), session.namespace(),
        session.namespaceExplicit(), "apply");
    return new Applier(session).applyAll(objects);
  }
}
