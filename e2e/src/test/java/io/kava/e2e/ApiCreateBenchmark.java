package io.kava.e2e;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.registry.Codec;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark, not a test: OBJECTS ConfigMap creates (a 256-byte value each) through the API server from
 * CLIENTS concurrent callers, beside raw jetcd transactions of the same bytes with the same guard (put
 * only if the key's version is 0) and the same concurrency, against the same etcd in the same run; and
 * etcd's own range/txn/put counters per API create. Run with deploy/bench.sh api-create [OBJECTS] [CLIENTS] [WARMUP].
 */
public final class ApiCreateBenchmark {
  private static final String VALUE = "x".repeat(256);

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : Math.min(500, objects);
    try (ApiBenchServer server = ApiBenchServer.start()) {
      List<ResourceClient<ConfigMap>> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        KavaClient c = server.client();
        clients.add(c.resource(ConfigMap.class));
      }
      server.createNamespace("bench-warm");
      server.createNamespace("bench-create");
      // Warm-up of both paths (the JIT of both JVMs), not counted.
      run(warm, callers, i -> rawCreate(server.jetcd().getKVClient(), "/bench/warm/cm-" + i, "bench-warm", "cm-" + i));
      run(warm, callers, i -> clients.get(i % clients.size()).create(configMap("bench-warm", "cm-" + i)));

      CpuUse rawStart = CpuUse.now(server);
      Phase raw = run(objects, callers,
          i -> rawCreate(server.jetcd().getKVClient(), "/bench/raw/cm-" + i, "bench-create", "cm-" + i));
      CpuUse rawCpu = CpuUse.now(server).minus(rawStart);
      Map<String, Double> before = server.etcdCounters();
      CpuUse kavaStart = CpuUse.now(server);
      Phase kava = run(objects, callers, i -> clients.get(i % clients.size()).create(configMap("bench-create", "cm-" + i)));
      CpuUse kavaCpu = CpuUse.now(server).minus(kavaStart);
      Map<String, Double> after = server.etcdCounters();

      String load = ApiBenchServer.loadAverage();
      System.out.printf("API create, %d ConfigMaps (256-byte value), %d concurrent callers, load average %s%n",
          objects, callers, load);
      System.out.println(raw.line("raw etcd txn, put if version==0 (baseline)"));
      System.out.println(kava.line("kava API create"));
      System.out.printf("ratio kava/etcd throughput: %.2f (goal >= 0.8)%n", kava.perSecond() / raw.perSecond());
      StringBuilder perCreate = new StringBuilder("etcd requests per API create:");
      after.forEach((name, value) -> {
        double delta = value - before.getOrDefault(name, 0.0);
        if (delta > 0) {
          perCreate.append(String.format("  %s %.2f", name, delta / objects));
        }
      });
      System.out.println(perCreate);
      String cpu = "CPU per create (user + system, all cores): raw etcd txn " + rawCpu.perCall(objects)
          + "; kava API create " + kavaCpu.perCall(objects);
      System.out.println(cpu);
      new BenchReport("api-create", "API create, " + objects + " ConfigMaps (256-byte value), " + callers
          + " concurrent callers, beside raw etcd guarded txns")
          .figure("creates per second", kava.perSecond(), raw.perSecond(), "/s", ">= 0.8 of etcd")
          .latencies("create latency", "kava API create", kava.latencies(), "raw etcd txn", raw.latencies(), "ms", "")
          .note("Baseline: jetcd transactions of the same bytes, put if the key's version is 0, from as many threads."
              + " Load average at the start: " + load + ".")
          .note(perCreate.toString())
          .note(cpu + ". On a machine whose cores are all busy, throughput is bounded by the cores over the"
              + " total CPU per call, whatever the latency of each step.")
          .write(args);
    }
  }

  static ConfigMap configMap(String namespace, String name) {
    return ConfigMap.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .putData("v", VALUE).build();
  }

  /** The bytes the API server would store for that ConfigMap (uid, timestamp, apiVersion and kind set). */
  private static void rawCreate(KV kv, String key, String namespace, String name) throws Exception {
    ConfigMap stored = configMap(namespace, name).toBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(configMap(namespace, name).getMetadata().toBuilder().setUid(UUID.randomUUID().toString())
            .setCreationTimestamp("2026-12-01T15:00:00Z").setGeneration(1)).build();
    ByteSequence k = ByteSequence.from(key, StandardCharsets.UTF_8);
    var response = kv.txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
        .Then(Op.put(k, ByteSequence.from(Codec.encode(stored)), PutOption.DEFAULT)).commit().get(30, TimeUnit.SECONDS);
    if (!response.isSucceeded()) {
      throw new IllegalStateException(key + " exists");
    }
  }

  /**
   * CPU time used so far by etcd, the API server and this benchmark's own JVM (the callers, and for the
   * baseline the jetcd client), so that a phase's cost per call can be read beside its throughput.
   */
  record CpuUse(Duration etcd, Duration apiServer, Duration client) {
    static CpuUse now(ApiBenchServer server) {
      return new CpuUse(server.etcdCpuTime(), server.cpuTime(),
          ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
    }

    CpuUse minus(CpuUse start) {
      return new CpuUse(etcd.minus(start.etcd), apiServer.minus(start.apiServer), client.minus(start.client));
    }

    String perCall(int calls) {
      double e = etcd.toNanos() / 1e3 / calls;
      double a = apiServer.toNanos() / 1e3 / calls;
      double c = client.toNanos() / 1e3 / calls;
      return String.format("%.0f us (etcd %.0f, API server %.0f, client %.0f)", e + a + c, e, a, c);
    }
  }

  interface Call {
    void run(int index) throws Exception;
  }

  /** Throughput and per-call latencies of count calls from callers threads taking the next index. */
  record Phase(int count, long nanos, Samples latencies) {
    double perSecond() {
      return count * 1e9 / nanos;
    }

    String line(String label) {
      return String.format("%-46s n=%d %7.0f/s  %s", label, count, perSecond(), latencies.summary("ms"));
    }
  }

  static Phase run(int count, int callers, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    AtomicInteger next = new AtomicInteger();
    Samples latencies = new Samples();
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      done.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          long s = System.nanoTime();
          call.run(i);
          latencies.add((System.nanoTime() - s) / 1e6); // nanoseconds to ms
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long nanos = System.nanoTime() - start;
    pool.shutdown();
    return new Phase(count, nanos, latencies);
  }
}
