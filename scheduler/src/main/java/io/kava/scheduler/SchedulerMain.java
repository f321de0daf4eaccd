package io.kava.scheduler;

import io.kava.client.KavaClient;
import io.kava.client.leader.LeadershipLoop;
import java.net.InetAddress;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `kava-scheduler`: parses flags, builds the config and hands over to {@link KavaScheduler}. */
@Command(name = "kava-scheduler", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Assigns pending pods to nodes.")
public final class SchedulerMain implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--leader-elect", defaultValue = "true", arity = "1",
      description = "Take the kube-system/kava-scheduler Lease before scheduling (default: ${DEFAULT-VALUE})")
  boolean leaderElect;

  @Override
  public Integer call() throws Exception {
    String identity = InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID();
    SchedulerConfig config = SchedulerConfig.of(server, leaderElect, identity);
    try (KavaClient client = KavaClient.connect(config.server())) {
      LeadershipLoop.run("Scheduler", () -> new KavaScheduler(config, client));
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SchedulerMain()).execute(args));
  }
}
