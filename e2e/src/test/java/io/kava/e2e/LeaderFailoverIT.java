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
 * Two schedulers and two controller managers at upstream's leader election defaults (15s lease, 10s
 * renew deadline, 2s retry): exactly one of each leads; kill -9 the leader and the standby takes the
 * Lease within lease duration + retry period (17 s, plus a few seconds of slack for a loaded 2-core
 * machine), and a scale-up issued while no one leads completes once the standby leads.
 */
class LeaderFailoverIT {
  private static final String NS = "default";
  /** Upstream's timings: the Lease runs out 15 s after the last renewal, a standby retries every 2 s. */
  private static final Duration TAKEOVER = Duration.ofSeconds(17 + 5);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().highlyAvailable().start();
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

    long killedAt = System.nanoTime();
    manager.kill();
    Deployments.scale(client, NS, "failover", 2);
    ManagedProcess newManager = awaitLeader("kava-controller-manager", cluster.controllerManagers(), TAKEOVER);
    System.out.printf("controller manager failover: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
    assertThat(newManager).isNotSameAs(manager);
    workloads.awaitReadyPods(NS, "app=failover", 2);

    killedAt = System.nanoTime();
    scheduler.kill();
    Deployments.scale(client, NS, "failover", 3);
    ManagedProcess newScheduler = awaitLeader("kava-scheduler", cluster.schedulers(), TAKEOVER);
    System.out.printf("scheduler failover: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
    assertThat(newScheduler).isNotSameAs(scheduler);
    workloads.awaitReadyPods(NS, "app=failover", 3);
  }
}
