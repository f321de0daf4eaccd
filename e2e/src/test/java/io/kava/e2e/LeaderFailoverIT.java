package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers and two controller managers with short leader election timings (flags, as upstream's
 * integration tests shorten them; 6s lease, 4s renew deadline, 1s retry, where upstream's defaults are
 * 15s/10s/2s and the failover benchmark measures those): exactly one of each leads; kill -9 the leader
 * and the standby takes the Lease within lease duration + retry period (7 s, plus a few seconds of slack
 * for a loaded 2-core machine), and a scale-up issued while no one leads completes once the standby leads.
 */
class LeaderFailoverIT {
  private static final String NS = "default";
  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration RETRY = Duration.ofSeconds(1);
  /** The Lease runs out LEASE after the last renewal, a standby retries every RETRY. */
  private static final Duration TAKEOVER = LEASE.plus(RETRY).plusSeconds(5);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().highlyAvailable()
        .withLeaderElection(LEASE.toSeconds() + "s", "4s", RETRY.toSeconds() + "s").start();
    client = cluster.client();
    workloads = new Workloads(client);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ManagedProcess awaitLeader(String lease, java.util.List<ManagedProcess> candidates, Duration within) {
    ManagedProcess[] leader = new ManagedProcess[1];
    await("a live holder of lease " + lease).atMost(within).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> (leader[0] = cluster.leaseHolder(lease, candidates)) != null);
    return leader[0];
  }

  @Test
  void aStandbyTakesOverFromAKilledControllerManagerThenSchedulerAndAScaleUpCompletes() {
    ManagedProcess manager = awaitLeader("kava-controller-manager", cluster.controllerManagers(), Duration.ofSeconds(60));
    ManagedProcess scheduler = awaitLeader("kava-scheduler", cluster.schedulers(), Duration.ofSeconds(60));
    workloads.create(Deployments.sleepers("failover", 1));
    workloads.awaitReadyPods(NS, "app=failover", 1);
    // Exactly one acts: the standby says it waits and never that it acquired.
    for (var list : java.util.List.of(cluster.controllerManagers(), cluster.schedulers())) {
      assertThat(list.stream().filter(p -> p.logContains("Acquired lease")).count()).isEqualTo(1);
    }

    killLeaderAndScale(manager, "kava-controller-manager", cluster.controllerManagers(), 2);
    killLeaderAndScale(scheduler, "kava-scheduler", cluster.schedulers(), 3);
  }

  /** kill -9 the leader, scale up at once (no one leads yet), await the standby and the new replicas. */
  private static void killLeaderAndScale(ManagedProcess leader, String lease, java.util.List<ManagedProcess> replicas,
      int replicasWanted) {
    long killedAt = System.nanoTime();
    leader.kill();
    Deployments.scale(client, NS, "failover", replicasWanted);
    ManagedProcess standby = awaitLeader(lease, replicas, TAKEOVER);
    System.out.printf("%s failover: %d ms%n", lease, (System.nanoTime() - killedAt) / 1_000_000);
    assertThat(standby).isNotSameAs(leader);
    workloads.awaitReadyPods(NS, "app=failover", replicasWanted);
  }
}
