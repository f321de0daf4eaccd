package io.kava.apiserver.watch;

import io.kava.api.core.v1.Pod;
import io.kava.api.v1.WatchEvent;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelectors;
import io.kava.client.selector.Selector;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: the pod watch cache with NODES kubelet-style watches (spec.nodeName=X) and
 * PODS pod events spread over the nodes, with the spec.nodeName index and without it (every watch
 * offered every event, as before), in one run: offers made and the time to apply every event.
 * Run: java -cp api-server test classpath io.kava.apiserver.watch.WatchTriggerBenchmark [NODES] [PODS]
 */
public final class WatchTriggerBenchmark {
  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 30000;
    run("without the index (baseline)", nodes, pods, false); // warm-up
    run("with the spec.nodeName index", nodes, pods, true);
    run("without the index (baseline)", nodes, pods, false);
    run("with the spec.nodeName index", nodes, pods, true);
  }

  private static void run(String what, int nodes, int pods, boolean index) throws Exception {
    InMemoryStorage storage = new InMemoryStorage();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    String prefix = "/registry/pods/";
    AtomicLong delivered = new AtomicLong();
    WatchCache cache = new WatchCache(Kinds.POD, storage, prefix, pods + 10, pods + 10, scheduler, Runnable::run,
        Duration.ofMillis(50), index);
    cache.start();
    WatchSink sink = new WatchSink() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void send(WatchEvent event) {
        delivered.incrementAndGet();
      }

      @Override
      public void fail(RuntimeException error) {}
    };
    for (int i = 0; i < nodes; i++) {
      cache.watch(new WatchFilter("", Selector.everything(), FieldSelectors.parse("spec.nodeName=n" + i)), "", false,
          sink, Duration.ofSeconds(10));
    }
    long start = System.nanoTime();
    for (int i = 0; i < pods; i++) {
      Pod p = Fixtures.pod("default", "p" + i);
      p = p.toBuilder().setSpec(p.getSpec().toBuilder().setNodeName("n" + (i % nodes))).build();
      storage.create(prefix + "default/p" + i, Codec.encode(p));
    }
    while (cache.revision() < storage.currentRevision()) {
      Thread.sleep(1); // the storage delivers its events on its own thread
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("%-32s %d watches, %d pod events: %,d offers, %,d delivered, %d ms to apply%n", what, nodes,
        pods, cache.eventsOffered(), delivered.get(), millis);
    cache.close();
    scheduler.shutdownNow();
  }
}
