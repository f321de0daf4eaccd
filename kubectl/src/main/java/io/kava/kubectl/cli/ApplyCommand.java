package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.apply.Applier;
import io.kava.kubectl.apply.Pruner;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Apply only the manifests' objects with these labels (and prune only such objects)")
  String selector;

  @Option(names = "--prune", description = "Delete applied objects (of the allowlist's kinds) that left the manifests")
  boolean prune;

  @Option(names = "--all", description = "With --prune: every applied object is a candidate, not only those of -l")
  boolean all;

  @Option(names = "--prune-allowlist", paramLabel = "GROUP/VERSION/KIND", split = ",",
      description = "The kinds --prune looks at (e.g. core/v1/ConfigMap, apps/v1/Deployment); repeatable")
  List<String> pruneAllowlist = List.of();

  @Mixin
  DryRunFlag dryRun;

  @Override
  public Integer call() {
    Session session = root.session();
    DryRun mode = dryRun.mode(session);
    Selector labels = labels();
    if (prune && !all && selector == null) {
      throw CliException.error("all resources selected for prune without explicitly passing --all. To prune all "
          + "resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector");
    }
    if (!pruneAllowlist.isEmpty() && !prune) {
      throw CliException.error("--prune-allowlist must be used with --prune");
    }
    List<Kind> pruneKinds = pruneAllowlist.isEmpty() ? Pruner.DEFAULT_KINDS
        : pruneAllowlist.stream().map(Pruner::allowlistEntry).toList();
    List<Message> objects = ManifestObjects.load(ManifestFiles.read(files, session.in()), session.namespace(),
        session.namespaceExplicit(), "apply").stream()
        .filter(o -> labels.matches(ApiObjects.meta(o).getLabelsMap())).toList();
    int exit = new Applier(session, mode).applyAll(objects);
    if (prune) {
      exit |= new Pruner(session, mode).prune(objects, pruneKinds, selector);
    }
    return exit;
  }

  private Selector labels() {
    try {
      return LabelSelectors.parse(selector == null ? "" : selector);
    } catch (IllegalArgumentException e) {
      throw CliException.error("unable to parse \"" + selector + "\": " + e.getMessage());
    }
  }
}
