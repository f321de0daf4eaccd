package io.kava.scheduler;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.SharedInformer;
import io.kava.client.testing.FakeApi;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinderTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final SharedInformer<Pod> podInformer = new SharedInformer<>(client.resource(Pod.class), ListOptions.all());
  private final SharedInformer<Node> nodeInformer = new SharedInformer<>(client.resource(Node.class), ListOptions.all());
  private final SchedulerCache cache = new SchedulerCache(nodeInformer, podInformer);
  private final SchedulingQueue queue = new SchedulingQueue();
  private final EventRecorder events = new EventRecorder(client.resource(Event.class), "default-scheduler", "test");
  private final Binder binder = new Binder(client.resource(Pod.class), cache, queue, events);

  @BeforeEach
  void setUp() {
    api.seed(node("node-a"));
  }

  @AfterEach
  void tearDown() {
    queue.close();
    events.close();
    client.close();
    api.close();
  }

  @Test
  void bindsAndKeepsTheAssumedPodUntilTheWatchConfirmsIt() {
    Pod pod = api.seed(pod("p"));
    cache.assume(pod, "node-a");

    assertThat(binder.bind(pod, "node-a").join()).isEqualTo(Binder.Outcome.BOUND);

    assertThat(api.writes()).containsExactly("bind pods default/p node-a");
    assertThat(cache.assumedNode("default/p")).contains("node-a");
  }

  @Test
  void aPodBoundBySomeoneElseIsForgottenAndNotRetried() {
    Pod stale = api.seed(pod("p"));
    api.seed(boundTo(stale, "node-b"));
    cache.assume(stale, "node-a");

    assertThat(binder.bind(stale, "node-a").join()).isEqualTo(Binder.Outcome.ALREADY_BOUND);

    assertThat(api.writes()).noneMatch(w -> w.startsWith("bind"));
    assertThat(cache.isAssumed("default/p")).isFalse();
    assertThat(queue.failures("default/p")).isZero();
    events.close(); // flushes queued events: a placement by someone else is not announced as ours
    assertThat(client.resource(Event.class).list(ListOptions.all()).items()).isEmpty();
  }

  @Test
  void aDeletedPodIsForgotten() {
    Pod pod = pod("gone");
    cache.assume(pod, "node-a");

    assertThat(binder.bind(pod, "node-a").join()).isEqualTo(Binder.Outcome.GONE);

    assertThat(cache.isAssumed("default/gone")).isFalse();
    assertThat(queue.failures("default/gone")).isZero();
  }

  @Test
  void anyOtherErrorForgetsTheAssumptionAndRetriesWithBackoff() {
    Pod pod = api.seed(pod("p"));
    cache.assume(pod, "node-a");
    api.close(); // the API server goes away

    assertThat(binder.bind(pod, "node-a").join()).isEqualTo(Binder.Outcome.FAILED);

    assertThat(cache.isAssumed("default/p")).isFalse();
    assertThat(queue.failures("default/p")).isEqualTo(1);
  }

  @Test
  void aWaitingPreBindHoldsTheBindUntilItCompletes() {
    Pod pod = api.seed(pod("p"));
    cache.assume(pod, "node-a");
    CompletableFuture<Void> claimsBound = new CompletableFuture<>();
    Binder waiting = new Binder(client.resource(Pod.class), cache, queue, events, (p, node) -> claimsBound, Runnable::run);

    CompletableFuture<Binder.Outcome> outcome = waiting.bind(pod, "node-a");

    assertThat(outcome).isNotDone();
    assertThat(api.writes()).noneMatch(w -> w.startsWith("bind"));
    claimsBound.complete(null);
    assertThat(outcome.join()).isEqualTo(Binder.Outcome.BOUND);
    assertThat(api.writes()).containsExactly("bind pods default/p node-a");
  }

  @Test
  void aPreBindThatTimesOutUnreservesThePodAndRetriesIt() {
    Pod pod = api.seed(pod("p"));
    cache.assume(pod, "node-a");
    CompletableFuture<Void> claimsBound = new CompletableFuture<>();
    Binder waiting = new Binder(client.resource(Pod.class), cache, queue, events, (p, node) -> claimsBound, Runnable::run);
    CompletableFuture<Binder.Outcome> outcome = waiting.bind(pod, "node-a");

    claimsBound.completeExceptionally(new TimeoutException("binding volumes: timed out"));

    assertThat(outcome.join()).isEqualTo(Binder.Outcome.FAILED);
    assertThat(api.writes()).noneMatch(w -> w.startsWith("bind"));
    assertThat(cache.isAssumed("default/p")).isFalse();
    assertThat(queue.failures("default/p")).isEqualTo(1);
    events.close();
    assertThat(client.resource(Event.class).list(ListOptions.all()).items())
        .anyMatch(e -> e.getReason().equals("FailedScheduling") && e.getMessage().equals("binding volumes: timed out"));
  }
}
