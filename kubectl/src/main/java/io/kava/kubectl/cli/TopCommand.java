package io.kava.kubectl.cli;

import io.grpc.Status;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.metrics.v1beta1.NodeMetrics;
import io.kava.api.metrics.v1beta1.PodMetrics;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Age;
import io.kava.kubectl.print.TabWriter;
import io.kava.kubectl.top.TopTables;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * `kavactl top node|pod`, as kubectl top: the metrics.k8s.io figures the API server gathers from the
 * kubelets (docs/metrics.md), printed with kubectl's columns and units.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = "Display resource (CPU/memory) usage of nodes or pods.",
    subcommands = {TopCommand.TopNode.class, TopCommand.TopPod.class})
final class TopCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  /** A metrics call; a server without the RPCs is kubectl's "Metrics API not available". */
  static <T> T metrics(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (e.code() == Status.Code.UNIMPLEMENTED) {
        throw CliException.error("Metrics API not available");
      }
      throw e;
    }
  }

  static String sortBy(String value) {
    try {
      return TopTables.checkSortBy(value);
    } catch (IllegalArgumentException e) {
      throw CliException.error(e.getMessage());
    }
  }

  static void print(Session session, List<String> headers, List<List<String>> rows, boolean noHeaders) {
    TabWriter table = new TabWriter();
    if (!noHeaders) {
      table.add(headers);
    }
    rows.forEach(table::add);
    table.flush(session.out());
  }

  @Command(name = "node", aliases = {"nodes", "no"}, mixinStandardHelpOptions = true,
      description = "Display resource (CPU/memory) usage of nodes.")
  static final class TopNode implements Callable<Integer> {
    @ParentCommand
    TopCommand top;

    @Parameters(paramLabel = "NAME", arity = "0..1")
    String name;

    @Option(names = {"-l", "--selector"}, defaultValue = "", description = "Selector (label query) to filter on")
    String selector;

    @Option(names = "--sort-by", defaultValue = "", description = "Sort nodes by cpu or memory")
    String sortBy;

    @Option(names = "--no-headers", description = "If present, print output without headers")
    boolean noHeaders;

    @Override
    public Integer call() {
      String order = sortBy(sortBy);
      Session session = top.root.session();
      List<NodeMetrics> metrics = metrics(() -> session.client().metrics().nodes(selector)).getItemsList();
      List<Node> nodes;
      if (name != null) {
        nodes = List.of((Node) session.resource(Kinds.NODE).get("", name));
      } else {
        nodes = session.resource(Kinds.NODE).list(new ListOptions("", selector, "")).items().stream()
            .map(Node.class::cast).toList();
      }
      if (metrics.isEmpty()) {
        throw CliException.error("metrics not available yet");
      }
      print(session, TopTables.NODE_HEADERS, TopTables.nodes(nodes, metrics, order), noHeaders);
      return 0;
    }
  }

  @Command(name = "pod", aliases = {"pods", "po"}, mixinStandardHelpOptions = true,
      description = "Display resource (CPU/memory) usage of pods.")
  static final class TopPod implements Callable<Integer> {
    @ParentCommand
    TopCommand top;

    @Parameters(paramLabel = "NAME", arity = "0..1")
    String name;

    @Option(names = {"-A", "--all-namespaces"}, description = "List the pods of every namespace")
    boolean allNamespaces;

    @Option(names = {"-l", "--selector"}, defaultValue = "", description = "Selector (label query) to filter on")
    String selector;

    @Option(names = "--containers", description = "If present, print usage of containers within a pod")
    boolean containers;

    @Option(names = "--sort-by", defaultValue = "", description = "Sort pods by cpu or memory")
    String sortBy;

    @Option(names = "--no-headers", description = "If present, print output without headers")
    boolean noHeaders;

    @Override
    public Integer call() {
      String order = sortBy(sortBy);
      Session session = top.root.session();
      String namespace = allNamespaces ? "" : session.namespace();
      List<PodMetrics> metrics = metrics(() -> session.client().metrics().pods(namespace, selector)).getItemsList();
      if (name != null) {
        metrics = metrics.stream().filter(m -> m.getMetadata().getName().equals(name)).toList();
        if (metrics.isEmpty()) {
          Pod pod = (Pod) session.resource(Kinds.POD).get(namespace, name);
          throw CliException.error("Metrics not available for pod " + namespace + "/" + name + ", age: "
              + Age.since(pod.getMetadata().getCreationTimestamp(), session.clock().instant()));
        }
      }
      if (metrics.isEmpty()) {
        boolean anyPods = !session.resource(Kinds.POD).list(new ListOptions(namespace, selector, "")).items().isEmpty();
        if (anyPods) {
          throw CliException.error("metrics not available yet");
        }
        session.err().println(allNamespaces ? "No resources found" : "No resources found in " + namespace + " namespace.");
        return 0;
      }
      print(session, TopTables.podHeaders(allNamespaces, containers),
          TopTables.pods(metrics, allNamespaces, containers, order), noHeaders);
      return 0;
    }
  }
}
