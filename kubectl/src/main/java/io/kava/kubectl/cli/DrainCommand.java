package io.kava.kubectl.cli;

import io.kava.api.core.v1.Pod;
import io.kava.client.flags.DurationConverter;
import io.kava.client.selector.LabelSelectors;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.drain.DrainFlags;
import io.kava.kubectl.drain.Drainer;
import io.kava.kubectl.generate.DryRun;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * `kavactl drain NODE`: cordon the node, then evict its pods through the eviction subresource, which
 * honours PodDisruptionBudgets (a refused eviction is retried every 5s), as kubectl drain.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
    description = "Drain node in preparation for maintenance: cordon it, then evict its pods.")
final class DrainCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "NODE", arity = "0..*")
  List<String> nodes = List.of();

  @Option(names = "--force", description = "Continue even if there are pods that do not declare a controller")
  boolean force;

  @Option(names = "--ignore-daemonsets", description = "Ignore DaemonSet-managed pods")
  boolean ignoreDaemonSets;

  @Option(names = {"--delete-emptydir-data", "--delete-local-data"},
      description = "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)")
  boolean deleteEmptyDirData;

  @Option(names = "--grace-period", defaultValue = "-1", paramLabel = "SECONDS",
      description = "Period of time in seconds given to each pod to terminate gracefully; negative: the pod's own")
  int gracePeriod;

  @Option(names = "--timeout", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "The length of time to wait before giving up, zero means infinite")
  Duration timeout;

  @Option(names = "--pod-selector", paramLabel = "SELECTOR", description = "Label selector to filter pods on the node")
  String podSelector;

  @Option(names = "--disable-eviction",
      description = "Force drain to use delete, even if eviction is supported: this bypasses PodDisruptionBudgets")
  boolean disableEviction;

  @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
      description = "client: only print what would be evicted; server: the server checks each eviction and stores nothing")
  String dryRun;

  @Override
  public Integer call() throws InterruptedException {
    NodeSchedulingCommand.requireNodes("drain", nodes);
    if (podSelector != null && !podSelector.isEmpty()) {
      try {
        LabelSelectors.parse(podSelector);
      } catch (IllegalArgumentException e) {
        throw CliException.error("--pod-selector=<pod_selector> must be a valid label selector");
      }
    }
    DryRun mode = DryRun.parse(dryRun);
    DrainFlags flags = new DrainFlags(force, ignoreDaemonSets, deleteEmptyDirData, gracePeriod, timeout,
        podSelector, disableEviction, mode);
    NodeSchedulingCommand.setUnschedulable(root, "drain", nodes, true, dryRun);
    Session session = root.session();
    Drainer drainer = new Drainer(session.client().resource(Pod.class), flags, session.out(), session.err());
    for (String node : nodes) {
      drainer.drain(node);
      session.out().println("node/" + node + " drained" + mode.suffix());
    }
    return 0;
  }
}
