package io.kava.kubectl.cli;

import io.kava.api.core.v1.Node;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.drain.Cordoner;
import io.kava.kubectl.generate.DryRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** What cordon and uncordon share: the node arguments, --dry-run, and one kubectl line per node. */
abstract class NodeSchedulingCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "NODE", arity = "0..*")
  List<String> nodes = List.of();

  @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
      description = "client: only print what would change; server: same, nothing is sent")
  String dryRun;

  /** The command's name and the spec.unschedulable it sets. */
  abstract String command();

  abstract boolean unschedulable();

  @Override
  public Integer call() {
    return setUnschedulable(root, command(), nodes, unschedulable(), dryRun);
  }

  /** Shared with drain, which cordons first. */
  static int setUnschedulable(RootCommand root, String command, List<String> nodes, boolean unschedulable, String dryRun) {
    requireNodes(command, nodes);
    DryRun mode = DryRun.parse(dryRun);
    Session session = root.session();
    Cordoner cordoner = new Cordoner(session.client().resource(Node.class));
    for (String node : nodes) {
      session.out().println(cordoner.set(node, unschedulable, mode));
    }
    return 0;
  }

  /** kubectl's usage error when no node is named. */
  static void requireNodes(String command, List<String> nodes) {
    if (nodes.isEmpty()) {
      throw new CliException("error: USAGE: " + command + " NODE [flags]\nSee 'kavactl " + command
          + " -h' for help and examples");
    }
  }
}
