package io.kava.e2e;

import io.kava.api.core.v1.Namespace;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark, not a test: on a highly available cluster at upstream's leader election defaults (15s/10s/2s),
 * how long the scheduler's and the controller manager's Lease stays without a live holder after the
 * leader is killed with SIGKILL, beside a graceful stop (SIGTERM gives the Lease up) in the same run;
 * and how long a client's first read takes after the API server it uses is killed, beside reads while
 * it lives. Run with deploy/bench.sh failover [ROUNDS].
 */
public final class FailoverBenchmark {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    try (TestCluster cluster = new TestCluster().highlyAvailable().start()) {
      for (String lease : List.of("kava-scheduler", "kava-controller-manager")) {
        List<ManagedProcess> replicas = lease.equals("kava-scheduler") ? cluster.schedulers() : cluster.controllerManagers();
        List<Long> killed = new ArrayList<>();
        List<Long> stopped = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          killed.add(handover(cluster, lease, replicas, true));
          stopped.add(handover(cluster, lease, replicas, false));
        }
        print(lease + " leader kill -9 -> standby leads", killed);
        print(lease + " leader SIGTERM -> standby leads (baseline)", stopped);
      }
      List<Long> failover = new ArrayList<>();
      List<Long> live = new ArrayList<>();
      try (KavaClient client = cluster.adminClient()) {
        for (int i = 0; i < rounds; i++) {
          for (int j = 0; j < 20; j++) {
            live.add(timedGet(client));
          }
          // pick_first: the client uses server 0 at first, and stays on whichever it moved to.
          int inUse = i % 2;
          cluster.apiServerProcess(inUse).kill();
          failover.add(timedGet(client));
          cluster.startApiServer(inUse);
          awaitAnswers(cluster, cluster.apiServer(inUse));
        }
      }
      print("client get, first after its API server is killed", failover);
      print("client get, server alive (baseline)", live);
    }
  }

  /** Stops the current leader (SIGKILL or SIGTERM), times until another live replica holds the Lease, restarts it. */
  private static long handover(TestCluster cluster, String lease, List<ManagedProcess> replicas, boolean kill)
      throws Exception {
    ManagedProcess leader = awaitHolder(cluster, lease, replicas, null);
    long start = System.nanoTime();
    if (kill) {
      leader.kill();
    } else {
      leader.stop();
    }
    awaitHolder(cluster, lease, replicas, leader);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long logSize = java.nio.file.Files.size(leader.log());
    leader.start();
    awaitStandby(leader, logSize);
    return millis;
  }

  /**
   * Until a restarted replica campaigns and has watched the Lease for more than one retry period, so
   * the next round measures a warm standby, not a JVM start.
   */
  private static void awaitStandby(ManagedProcess replica, long logOffset) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      String log = java.nio.file.Files.readString(replica.log(), java.nio.charset.StandardCharsets.ISO_8859_1);
      if (log.length() > logOffset && log.substring((int) logOffset).contains("Waiting to acquire lease")) {
        Thread.sleep(3000);
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(replica.name() + " did not campaign within 120 s");
  }

  private static ManagedProcess awaitHolder(TestCluster cluster, String lease, List<ManagedProcess> replicas,
      ManagedProcess notThis) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      ManagedProcess holder = cluster.leaseHolder(lease, replicas);
      if (holder != null && holder != notThis) {
        return holder;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no live holder of " + lease + " within 120 s");
  }

  private static long timedGet(KavaClient client) {
    long start = System.nanoTime();
    client.resource(Namespace.class).get("", "default");
    return (System.nanoTime() - start) / 1_000;
  }

  private static void awaitAnswers(TestCluster cluster, String server) throws InterruptedException {
    try (KavaClient only = KavaClient.connect(cluster.adminConfig().withServer(server))) {
      for (int i = 0; i < 600; i++) {
        try {
          only.resource(Namespace.class).get("", "default");
          return;
        } catch (ApiException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  /** Figures in ms for Lease handovers, in µs for client reads (the label says which). */
  private static void print(String what, List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    String unit = what.startsWith("client") ? "us" : "ms";
    System.out.printf("%-62s n=%d p50=%d %s max=%d %s min=%d %s%n", what, sorted.size(),
        sorted.get(sorted.size() / 2), unit, sorted.get(sorted.size() - 1), unit, sorted.get(0), unit);
  }
}
