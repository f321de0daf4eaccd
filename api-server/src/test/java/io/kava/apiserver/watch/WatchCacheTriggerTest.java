package io.kava.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Pod;
import io.kava.api.v1.WatchEvent;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelectors;
import io.kava.client.selector.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pod watch cache's spec.nodeName index: a node's watch is offered only the events of its pods. */
class WatchCacheTriggerTest {
  private static final String PREFIX = "/registry/pods/";

  private final InMemoryStorage storage = new InMemoryStorage();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final WatchCache cache = new WatchCache(Kinds.POD, storage, PREFIX, 1000, 1000, scheduler, Runnable::run,
      Duration.ofMillis(50));

  private static final class Sink implements WatchSink {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void send(WatchEvent event) {
      Pod pod = ApiObjects.unpack(event.getObject(), Pod.class);
      events.add(event.getType() + " " + pod.getMetadata().getName());
    }

    @Override
    public void fail(RuntimeException error) {
      events.add("FAILED " + error.getMessage());
    }
  }

  @AfterEach
  void close() {
    cache.close();
    scheduler.shutdownNow();
  }

  private Sink watch(String fieldSelector) {
    Sink sink = new Sink();
    cache.watch(new WatchFilter("", Selector.everything(), FieldSelectors.parse(fieldSelector)), "", false, sink,
        Duration.ofSeconds(5));
    return sink;
  }

  private static Pod pod(String name, String node) {
    Pod p = Fixtures.pod("default", name);
    return p.toBuilder().setSpec(p.getSpec().toBuilder().setNodeName(node)).build();
  }

  private long put(Pod pod, long expected) {
    byte[] bytes = Codec.encode(pod);
    return expected == 0 ? storage.create(PREFIX + "default/" + pod.getMetadata().getName(), bytes)
        : storage.update(PREFIX + "default/" + pod.getMetadata().getName(), bytes, expected);
  }

  @Test
  void aNodeWatchSeesItsPodsArriveAndLeaveAndNothingElse() {
    cache.start();
    Sink one = watch("spec.nodeName=n1");
    Sink two = watch("spec.nodeName=n2");
    Sink unbound = watch("spec.nodeName=");
    Sink all = watch("");

    long rev = put(pod("p", ""), 0);
    rev = put(pod("p", "n1"), rev);
    rev = put(pod("p", "n2"), rev);
    put(pod("q", "n3"), 0);
    storage.delete(PREFIX + "default/p", rev);

    await().atMost(Duration.ofSeconds(5)).until(() -> all.events.size() == 5);
    assertThat(all.events).containsExactly("ADDED p", "MODIFIED p", "MODIFIED p", "ADDED q", "DELETED p");
    assertThat(unbound.events).containsExactly("ADDED p", "DELETED p");
    assertThat(one.events).containsExactly("ADDED p", "DELETED p");
    assertThat(two.events).containsExactly("ADDED p", "DELETED p");
  }

  @Test
  void eachEventIsOfferedToTheWatchesOfItsNodeOnlyNotToEveryWatch() {
    cache.start();
    int nodes = 100;
    Sink[] sinks = new Sink[nodes];
    for (int i = 0; i < nodes; i++) {
      sinks[i] = watch("spec.nodeName=n" + i);
    }
    Sink everything = watch("");
    for (int i = 0; i < nodes; i++) {
      put(pod("p" + i, "n" + i), 0);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> everything.events.size() == nodes);
    for (int i = 0; i < nodes; i++) {
      assertThat(sinks[i].events).containsExactly("ADDED p" + i);
    }
    // Without the index every event would be offered to all 101 watches: 10 100 offers.
    assertThat(cache.eventsOffered()).isEqualTo(2L * nodes);
  }
}
