package io.kava.kubelet.hollow;

import io.kava.client.KavaClient;
import io.kava.client.flags.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `kava-hollow-nodes`: many hollow kubelets in one JVM, for scale tests (deploy/up.sh --hollow-nodes N). */
@Command(name = "kava-hollow-nodes", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Runs N hollow kubelets: each registers a Node labelled kava.io/hollow=true, renews its Lease and"
        + " reports the pods bound to it Running, without Docker.")
public final class HollowNodesCommand implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--kubeconfig", description = "kubeconfig file: the API server's CA and this component's client certificate or token (TLS); its server unless --server is given")
  java.nio.file.Path kubeconfig;

  @Option(names = "--count", defaultValue = "10", description = "How many hollow nodes")
  int count;

  @Option(names = "--node-prefix", defaultValue = "hollow-node-", description = "Node names: PREFIX1 .. PREFIXN")
  String prefix;

  @Option(names = "--cpu", defaultValue = "4", description = "CPU capacity of each node")
  String cpu;

  @Option(names = "--memory", defaultValue = "16Gi", description = "Memory capacity of each node")
  String memory;

  @Option(names = "--max-pods", defaultValue = "110", description = "Pod capacity of each node (at most 254)")
  int maxPods;

  @Option(names = "--node-status-report-frequency", defaultValue = "1m", converter = DurationConverter.class,
      description = "How often each node writes its status; its Lease is its heartbeat between (upstream: 5m)")
  Duration statusPeriod;

  @Option(names = "--node-lease-renew-interval", defaultValue = "10s", converter = DurationConverter.class,
      description = "How often each node renews its Lease")
  Duration leasePeriod;

  @Option(names = "--workers", defaultValue = "64",
      description = "Pod syncs in parallel, shared by every node (each blocks on its status write; a real kubelet per node writes on its own)")
  int workers;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count < 0 || count > 128 * 256) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count: must be between 0 and " + 128 * 256);
    }
    if (maxPods < 1 || maxPods > PodAddresses.MAX_PODS) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-pods: must be between 1 and "
          + PodAddresses.MAX_PODS + " (each hollow node has one /24 of pod addresses)");
    }
    if (workers < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--workers: must be at least 1");
    }
    HollowNodesConfig config = new HollowNodesConfig(server, count, prefix, cpu, memory, maxPods, statusPeriod,
        leasePeriod, workers);
    CountDownLatch stopped = new CountDownLatch(1);
    try (KavaClient client = KavaClient.connect(io.kava.client.config.KubeConfigLoader.component(kubeconfig, server));
        HollowNodes nodes = new HollowNodes(config, client)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        nodes.close();
        stopped.countDown();
      }));
      nodes.start();
      stopped.await();
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new HollowNodesCommand()).execute(args));
  }
}
