package io.kava.client.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A deposed leader stops writing at once: the fence closes before its workers are told to stop. */
class LeaderWriteFenceTest {
  private static final LeaderElector.Config CONFIG = new LeaderElector.Config("kube-system", "fenced", "a",
      Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofMillis(100));

  private static Namespace namespace(String name) {
    return Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build();
  }

  /** Fails every Lease call while {@code broken} is set, as an unreachable API server would. */
  private static ClientInterceptor breakable(AtomicBoolean broken) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> m, CallOptions o, Channel next) {
        return new GatedCall<>(next.newCall(m, o),
            () -> broken.get() ? Status.UNAVAILABLE.withDescription("test: server unreachable") : null);
      }
    };
  }

  /** Records whether a write still passed the fence when onStoppedLeading ran. */
  private static final class Recording implements LeaderElector.Callbacks {
    final AtomicBoolean started = new AtomicBoolean();
    final AtomicReference<Boolean> leaderWhenStopped = new AtomicReference<>();
    LeaderElector elector;

    @Override
    public void onStartedLeading() {
      started.set(true);
    }

    @Override
    public void onStoppedLeading() {
      leaderWhenStopped.set(elector.isLeader());
    }
  }

  /** Writes holder as the Lease's holder, re-reading when a renewal changed it in between (a conflict). */
  private static void takeOver(ResourceClient<Lease> leases, String holder) {
    await().atMost(Duration.ofSeconds(5)).ignoreExceptionsMatching(e -> e instanceof ApiException a && a.isConflict())
        .until(() -> {
          Lease lease = leases.get("kube-system", "fenced");
          leases.update(lease.toBuilder().setSpec(lease.getSpec().toBuilder().setHolderIdentity(holder)).build());
          return true;
        });
  }

  /** An elector that has started and leads. */
  private static LeaderElector leading(ResourceClient<Lease> leases, Recording callbacks) {
    LeaderElector elector = new LeaderElector(leases, CONFIG, callbacks);
    callbacks.elector = elector;
    elector.start();
    await().atMost(Duration.ofSeconds(5)).until(elector::isLeader);
    return elector;
  }

  @Test
  void aLeaderThatSeesAnotherHolderRefusesWritesAtOnce() {
    try (FakeApi api = new FakeApi(); KavaClient client = api.client()) {
      ResourceClient<Lease> leases = client.resource(Lease.class);
      Recording callbacks = new Recording();
      LeaderElector elector = leading(leases, callbacks);
      KavaClient fenced = client.withInterceptors(new LeaderWriteFence(elector::isLeader, "kube-system/fenced"));
      fenced.resource(Namespace.class).create(namespace("while-leading"));

      // Another replica took the Lease (it judged ours expired): the next renewal sees it. Like a real
      // replica it reads again when our renewal landed between its read and its write.
      takeOver(leases, "b");

      await().atMost(Duration.ofSeconds(2)).until(() -> callbacks.leaderWhenStopped.get() != null);
      assertThat(callbacks.leaderWhenStopped.get()).as("fenced before the workers were stopped").isFalse();
      assertThatThrownBy(() -> fenced.resource(Namespace.class).create(namespace("after-deposed")))
          .isInstanceOfSatisfying(ApiException.class,
              e -> assertThat(e.getMessage()).contains("Not the leader"));
      // Reads still pass; the refused write never reached the server.
      assertThat(fenced.resource(Namespace.class).list(ListOptions.all()).items())
          .extracting(n -> n.getMetadata().getName()).containsExactly("while-leading");
      assertThat(leases.get("kube-system", "fenced").getSpec().getHolderIdentity()).isEqualTo("b");
      elector.close();
    }
  }

  @Test
  void writesAreRefusedFromTheRenewDeadlineEvenBeforeTheElectorGivesUp() {
    try (FakeApi api = new FakeApi(); KavaClient client = api.client()) {
      AtomicBoolean broken = new AtomicBoolean();
      ResourceClient<Lease> leases = client.withInterceptors(breakable(broken)).resource(Lease.class);
      Recording callbacks = new Recording();
      LeaderElector elector = leading(leases, callbacks);
      KavaClient fenced = client.withInterceptors(new LeaderWriteFence(elector::isLeader, "kube-system/fenced"));

      long brokenAt = System.nanoTime();
      broken.set(true);
      await().atMost(Duration.ofSeconds(3)).until(() -> !elector.isLeader());
      long refusedAfterMillis = (System.nanoTime() - brokenAt) / 1_000_000;
      // Leadership ended within the renew deadline plus one retry, well before the 3 s lease ran out.
      assertThat(refusedAfterMillis).isLessThan(CONFIG.leaseDuration().toMillis());
      assertThatThrownBy(() -> fenced.resource(Namespace.class).create(namespace("late")))
          .isInstanceOf(ApiException.class).hasMessageContaining("Not the leader");
      await().atMost(Duration.ofSeconds(2)).until(() -> callbacks.leaderWhenStopped.get() != null);
      assertThat(callbacks.leaderWhenStopped.get()).isFalse();
      assertThat(api.writes()).noneMatch(w -> w.contains("namespaces"));
      elector.close();
    }
  }

  @Test
  void timingsAreCheckedAsUpstreamChecksThem() {
    assertThatThrownBy(() -> new LeaderElector.Timings(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(2))).hasMessageContaining("--leader-elect-lease-duration");
    assertThatThrownBy(() -> new LeaderElector.Timings(Duration.ofSeconds(15), Duration.ofSeconds(2),
        Duration.ofSeconds(2))).hasMessageContaining("--leader-elect-renew-deadline");
    assertThat(LeaderElector.Timings.DEFAULTS.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
  }
}
