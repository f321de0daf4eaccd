package io.kava.controllermanager;

import io.kava.client.KavaClient;
import io.kava.client.flags.DurationConverter;
import io.kava.client.flags.LeaderElectionOptions;
import io.kava.client.leader.LeaderElector;
import io.kava.client.leader.LeadershipLoop;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `kava-controller-manager`: parses flags, builds the config and hands over to {@link ControllerManager}. */
@Command(name = "kava-controller-manager", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Runs the ReplicaSet, Deployment, garbage-collector, namespace, endpoint and endpointslice controllers.")
public final class ControllerManagerMain implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated to fail over between (env KAVA_API_SERVER)")
  String server;

  /** The Lease is kube-system/kava-controller-manager. */
  @Mixin
  LeaderElectionOptions leaderElection;

  @Option(names = "--workers", defaultValue = "5", description = "Workers per controller")
  int workers;

  @Option(names = "--resync-period", defaultValue = "30s", converter = DurationConverter.class,
      description = "How often every cached object is reconciled again (e.g. 30s, 5m)")
  Duration resyncPeriod;

  @Option(names = "--max-endpoints-per-slice", defaultValue = "100",
      description = "Most endpoints the EndpointSlice controller puts in one slice (1 to 1000)")
  int maxEndpointsPerSlice;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-endpoints-per-slice: must be between 1 and 1000, got " + maxEndpointsPerSlice);
    }
    LeaderElector.Timings timings;
    try {
      timings = leaderElection.timings();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String identity = InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID();
    ControllerManagerConfig config = new ControllerManagerConfig(server, leaderElection.leaderElect, identity,
        workers, resyncPeriod, maxEndpointsPerSlice, timings);
    try (KavaClient client = KavaClient.connect(config.server())) {
      LeadershipLoop.run("Controller manager",
          () -> new ControllerManager(config, client, fenced -> Controllers.all(fenced, config)));
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ControllerManagerMain()).execute(args));
  }
}
