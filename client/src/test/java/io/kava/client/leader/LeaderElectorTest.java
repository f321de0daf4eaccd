package io.kava.client.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.coordination.v1.Lease;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderElectorTest {
  private static LeaderElector.Config config(String identity) {
    return new LeaderElector.Config("kube-system", "test-lock", identity, Duration.ofSeconds(1),
        Duration.ofMillis(700), Duration.ofMillis(100));
  }

  private static LeaderElector.Callbacks counting(AtomicInteger started, AtomicInteger stopped) {
    return new LeaderElector.Callbacks() {
      @Override
      public void onStartedLeading() {
        started.incrementAndGet();
      }

      @Override
      public void onStoppedLeading() {
        stopped.incrementAndGet();
      }
    };
  }

  @Test
  void onlyOneLeadsAndTheOtherTakesOverAfterRelease() {
    try (FakeApi api = new FakeApi(); KavaClient client = api.client()) {
      ResourceClient<Lease> leases = client.resource(Lease.class);
      AtomicInteger aStarted = new AtomicInteger();
      AtomicInteger aStopped = new AtomicInteger();
      AtomicInteger bStarted = new AtomicInteger();
      AtomicInteger bStopped = new AtomicInteger();
      LeaderElector a = new LeaderElector(leases, config("a"), counting(aStarted, aStopped));
      LeaderElector b = new LeaderElector(leases, config("b"), counting(bStarted, bStopped));
      a.start();
      await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
      b.start();
      // b keeps trying for longer than a lease lasts, but a keeps renewing.
      await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(4)).until(() -> !b.isLeader());
      assertThat(leases.get("kube-system", "test-lock").getSpec().getHolderIdentity()).isEqualTo("a");

      a.close();
      await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
      Lease lease = leases.get("kube-system", "test-lock");
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
      assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
      assertThat(aStarted.get()).isEqualTo(1);
      assertThat(bStarted.get()).isEqualTo(1);
      b.close();
    }
  }

  @Test
  void takesOverALeaseThatStopsBeingRenewed() {
    try (FakeApi api = new FakeApi(); KavaClient client = api.client()) {
      ResourceClient<Lease> leases = client.resource(Lease.class);
      LeaderElector crashed = new LeaderElector(leases, config("crashed"), counting(new AtomicInteger(), new AtomicInteger()));
      assertThat(crashed.tryAcquireOrRenew()).isTrue(); // holds it once, then never renews

      LeaderElector b = new LeaderElector(leases, config("b"), counting(new AtomicInteger(), new AtomicInteger()));
      assertThat(b.tryAcquireOrRenew()).isFalse(); // still fresh
      b.start();
      await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
      assertThat(leases.get("kube-system", "test-lock").getSpec().getHolderIdentity()).isEqualTo("b");
      b.close();
    }
  }
}
