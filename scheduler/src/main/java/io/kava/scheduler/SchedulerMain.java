package io.kava.scheduler;

import io.kava.client.KavaClient;
import io.kava.client.flags.LeaderElectionOptions;
import io.kava.client.leader.LeadershipLoop;
import java.net.InetAddress;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `kava-scheduler`: parses flags, builds the config and hands over to {@link KavaScheduler}. */
@Command(name = "kava-scheduler", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Assigns pending pods to nodes.")
public final class SchedulerMain implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated to fail over between (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--kubeconfig", description = "kubeconfig file: the API server's CA and this component's client certificate or token (TLS); its server unless --server is given")
  java.nio.file.Path kubeconfig;

  @Option(names = "--percentage-of-nodes-to-score", defaultValue = "0",
      description = "Share of the nodes (1-100) whose feasibility is enough to choose among in a cluster of 100 "
          + "nodes or more; 0 picks upstream's adaptive share (50% less 1% per 125 nodes, at least 5%)")
  int percentageOfNodesToScore;

  @Option(names = "--bind-timeout-seconds", defaultValue = "600",
      description = "How long a pod's binding waits for the volumes of its WaitForFirstConsumer claims to be "
          + "bound before the pod is tried again (upstream's flag)")
  long bindTimeoutSeconds;

  @Option(names = "--parallelism", description = "Threads that filter and score the nodes of one scheduling cycle "
      + "(upstream's parallelism, 16 there); default: one per core, at most 16")
  Integer parallelism;

  /** The Lease is kube-system/kava-scheduler. */
  @Mixin
  LeaderElectionOptions leaderElection;

  /** Upstream's --profiling (CIS 1.4.1); Kava serves no profiling handlers. */
  @Mixin
  io.kava.client.flags.ProfilingOptions profiling;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String identity = InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID();
    SchedulerConfig config;
    try {
      SchedulerConfig parsed = SchedulerConfig.of(server, leaderElection.leaderElect, identity,
          leaderElection.timings()).withPercentageOfNodesToScore(percentageOfNodesToScore)
          .withBindTimeout(java.time.Duration.ofSeconds(bindTimeoutSeconds));
      config = parallelism == null ? parsed : parsed.withParallelism(parallelism);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try (KavaClient client = KavaClient.connect(io.kava.client.config.KubeConfigLoader.component(kubeconfig, config.server()))) {
      LeadershipLoop.run("Scheduler", () -> new KavaScheduler(config, client));
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SchedulerMain()).execute(args));
  }
}
