package io.kava.e2e;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.kava.api.core.v1.ConfigMap;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Benchmark, not a test: WATCHERS client watches of one namespace's ConfigMaps through the API server
 * (spread over 10 connections), then EVENTS ConfigMap creates, one every 10 ms; the delay from the start
 * of each write to each watcher seeing its event, beside the same events seen through one raw etcd watch
 * of the same keys in the same run. Run with deploy/bench.sh watch-fanout [WATCHERS] [EVENTS] [WARMUP].
 */
public final class WatchFanoutBenchmark {
  private static final String NS = "bench-watch";
  private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  public static void main(String[] args) throws Exception {
    int watchers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    try (ApiBenchServer server = ApiBenchServer.start()) {
      server.createNamespace(NS);
      AtomicLongArray sent = new AtomicLongArray(events);
      AtomicLongArray rawSeen = new AtomicLongArray(events);
      long[][] seen = new long[watchers][events];
      Samples kava = new Samples();
      Samples raw = new Samples();
      CountDownLatch ready = new CountDownLatch(watchers);
      CountDownLatch warmed = new CountDownLatch(watchers * warm);
      CountDownLatch delivered = new CountDownLatch(watchers * events);
      List<ResourceClient<ConfigMap>> connections = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        connections.add(server.client().resource(ConfigMap.class));
      }
      List<io.kava.client.Watch> watches = new ArrayList<>();
      for (int w = 0; w < watchers; w++) {
        int watcher = w;
        watches.add(connections.get(w % connections.size()).watch(ListOptions.inNamespace(NS), "",
            new WatchListener<>() {
              @Override
              public void onEvent(WatchEvent<ConfigMap> event) {
                if (event.type() != WatchEvent.Type.ADDED) {
                  return;
                }
                String name = event.object().getMetadata().getName();
                if (name.equals("ready")) {
                  ready.countDown();
                } else if (name.startsWith("warm-")) {
                  warmed.countDown();
                } else {
                  int index = Integer.parseInt(name.substring(3));
                  seen[watcher][index] = System.nanoTime();
                  kava.add((seen[watcher][index] - sent.get(index)) / 1e6); // nanoseconds to ms
                  delivered.countDown();
                }
              }

              /** It only records a time, as an informer's listener only queues: no executor hand-off per event. */
              @Override
              public boolean neverBlocks() {
                return true;
              }

              @Override
              public void onClose(ApiException error) {
                if (error != null) {
                  System.err.println("A watch ended: " + error.getMessage());
                }
              }
            }));
      }
      String prefix = "/registry/configmaps/" + NS + "/ev-";
      Watch.Watcher rawWatch = server.jetcd().getWatchClient().watch(ByteSequence.from(prefix, StandardCharsets.UTF_8),
          WatchOption.builder().isPrefix(true).build(), response -> {
            long now = System.nanoTime();
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
              if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.PUT) {
                String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
                int index = Integer.parseInt(key.substring(prefix.length()));
                rawSeen.set(index, now);
                raw.add((now - sent.get(index)) / 1e6); // nanoseconds to ms
              }
            }
          });
      ResourceClient<ConfigMap> writer = server.client().resource(ConfigMap.class);
      // Every watch is registered once it has seen this object.
      writer.create(ApiCreateBenchmark.configMap(NS, "ready"));
      if (!ready.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Only " + (watchers - ready.getCount()) + " of " + watchers + " watches started");
      }
      // Warm-up events, not counted (the JIT of both JVMs), at the same pace.
      for (int i = 0; i < warm; i++) {
        TimeUnit.NANOSECONDS.sleep(EVERY_NANOS);
        writer.create(ApiCreateBenchmark.configMap(NS, "warm-" + i));
      }
      if (!warmed.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Warm-up events missing: " + warmed.getCount());
      }
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        long due = start + i * EVERY_NANOS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        sent.set(i, System.nanoTime());
        writer.create(ApiCreateBenchmark.configMap(NS, "ev-" + i));
      }
      if (!delivered.await(120, TimeUnit.SECONDS)) {
        System.out.println("Not every event arrived: " + delivered.getCount() + " missing");
      }
      System.out.printf("watch fan-out, %d watchers, %d ConfigMap creates one every 10 ms, load average %s%n",
          watchers, events, ApiBenchServer.loadAverage());
      System.out.printf("%-50s n=%-7d %s%n", "raw etcd watch, one stream (baseline)", raw.count(), raw.summary("ms"));
      System.out.printf("%-50s n=%-7d %s%n", "kava watch, write -> event at each watcher", kava.count(), kava.summary("ms"));
      // What the API server adds: each watcher's event beside the raw watch's of the same write.
      Samples added = new Samples();
      for (long[] times : seen) {
        for (int i = 0; i < events; i++) {
          if (times[i] != 0 && rawSeen.get(i) != 0) {
            added.add((Math.max(0, times[i] - rawSeen.get(i))) / 1e6); // nanoseconds to ms
          }
        }
      }
      System.out.printf("%-50s n=%-7d %s%n", "kava minus raw, the same write", added.count(), added.summary("ms"));
      System.out.printf("ratio kava/etcd p99: %.2f (goal: kava p99 <= 100 ms)%n",
          kava.p99() / raw.p99());
      new BenchReport("watch-fanout", "Watch fan-out, " + watchers + " watchers, " + events
          + " ConfigMap creates one every 10 ms, beside one raw etcd watch")
          .latencies("write -> event", "kava watch (each watcher)", kava, "raw etcd watch", raw, "ms", "p99 <= 100 ms")
          .figure("kava minus raw, the same write, p99", added.p99(), "ms", "", "")
          .note("Load average at the end of the run: " + ApiBenchServer.loadAverage() + ".")
          .write(args);
      rawWatch.close();
      watches.forEach(io.kava.client.Watch::close);
    }
  }
}
