package io.kava.e2e;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.kava.api.core.v1.Pod;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.ListResponse;
import io.kava.apiserver.registry.Codec;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: a cluster-wide LIST of PODS pods (default 30 000) through the API server,
 * (the latest, read from etcd, and resourceVersion "0", served from the watch cache) beside a raw etcd
 * range of the same keys in the same run, ROUNDS times each, alternating. The pods are
 * copies of one pod created through the API (so defaulted as any), written straight to etcd in batches.
 * Run with deploy/bench.sh list [PODS] [ROUNDS].
 */
public final class ListBenchmark {
  private static final String NS = "bench-list";
  private static final String PREFIX = "/registry/pods/";

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (ApiBenchServer server = ApiBenchServer.start()) {
      server.createNamespace(NS);
      KavaClient client = server.client();
      KV kv = server.jetcd().getKVClient();
      fill(client, kv, pods);
      Awaitility.await("the API server lists every pod").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
          .until(() -> client.resource(Pod.class).list(ListOptions.all()).items().size() == pods);
      ApiGrpc.ApiBlockingStub api = ApiGrpc.newBlockingStub(client.channel());
      Awaitility.await("the watch cache holds every pod").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
          .until(() -> api.list(ListRequest.newBuilder().setResource("pods").setResourceVersion("0").build())
              .getItemsCount() == pods);
      Samples kava = new Samples();
      Samples cache = new Samples();
      Samples raw = new Samples();
      long bytes = 0;
      long rawBytes = 0;
      for (int i = 0; i < rounds; i++) {
        long s = System.nanoTime();
        GetResponse range = kv.get(bytes(PREFIX), GetOption.builder().isPrefix(true).build()).get(60, TimeUnit.SECONDS);
        raw.add((System.nanoTime() - s) / 1e6); // nanoseconds to ms
        s = System.nanoTime();
        ListResponse list = api.withDeadlineAfter(60, TimeUnit.SECONDS)
            .list(ListRequest.newBuilder().setResource("pods").build());
        kava.add((System.nanoTime() - s) / 1e6); // nanoseconds to ms
        s = System.nanoTime();
        ListResponse cached = api.withDeadlineAfter(60, TimeUnit.SECONDS)
            .list(ListRequest.newBuilder().setResource("pods").setResourceVersion("0").build());
        cache.add((System.nanoTime() - s) / 1e6); // nanoseconds to ms
        check(cached.getItemsCount(), pods);
        check(range.getKvs().size(), pods);
        check(list.getItemsCount(), pods);
        bytes = list.getSerializedSize();
        rawBytes = range.getKvs().stream().mapToLong(k -> k.getValue().size() + k.getKey().size()).sum();
      }
      System.out.printf("LIST of all %d pods, %d rounds each, alternating, load average %s%n", pods, rounds,
          ApiBenchServer.loadAverage());
      System.out.printf("%-44s n=%-3d %s  (%d KB of keys and values)%n", "raw etcd range of /registry/pods/ (baseline)",
          raw.count(), raw.summary("ms"), rawBytes / 1024);
      System.out.printf("%-44s n=%-3d %s  (%d KB response)%n", "kava LIST pods, latest (read from etcd)", kava.count(),
          kava.summary("ms"), bytes / 1024);
      System.out.printf("%-44s n=%-3d %s%n", "kava LIST pods, resourceVersion=0 (watch cache)", cache.count(),
          cache.summary("ms"));
      System.out.printf("ratio kava/etcd p99: latest %.2f, from the cache %.2f (goal: kava p99 <= 1 s)%n",
          kava.p99() / raw.p99(), cache.p99() / raw.p99());
      new BenchReport("list", "LIST of all " + pods + " pods, " + rounds + " rounds each, beside a raw etcd range")
          .latencies("LIST, latest (from etcd)", "kava LIST latest", kava, "raw etcd range", raw, "ms", "p99 <= 1000 ms")
          .figure("LIST, resourceVersion=0 (watch cache) p50", cache.p50(), raw.p50(), "ms", "")
          .figure("LIST, resourceVersion=0 (watch cache) p99", cache.p99(), raw.p99(), "ms", "p99 <= 1000 ms")
          .note(String.format("Response %d KB, raw range %d KB of keys and values. Load average at the end: %s.",
              bytes / 1024, rawBytes / 1024, ApiBenchServer.loadAverage()))
          .write(args);
    }
  }

  /** One pod through the API (defaulted, validated), then copies of its stored form under new names, 100 per txn. */
  private static void fill(KavaClient client, KV kv, int pods) throws Exception {
    Pod first = client.resource(Pod.class).create(io.kava.client.codec.Manifests.parseAs("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: pod-0
          namespace: bench-list
          labels: {app: bench, tier: web}
        spec:
          nodeName: node-1
          containers:
          - name: web
            image: nginx:1.14.2
            ports: [{containerPort: 80}]
            resources: {requests: {cpu: 100m, memory: 64Mi}}
        """, Pod.class));
    long start = System.nanoTime();
    for (int from = 1; from < pods; from += 100) {
      var txn = kv.txn();
      Op[] ops = new Op[Math.min(100, pods - from)];
      for (int j = 0; j < ops.length; j++) {
        String name = "pod-" + (from + j);
        Pod copy = first.toBuilder().setMetadata(first.getMetadata().toBuilder().setName(name)
            .setUid(UUID.randomUUID().toString())).build();
        ops[j] = Op.put(bytes(PREFIX + NS + "/" + name), ByteSequence.from(Codec.encode(copy)), PutOption.DEFAULT);
      }
      txn.Then(ops).commit().get(60, TimeUnit.SECONDS);
    }
    System.out.printf("Wrote %d pods of %d bytes each in %d ms%n", pods, Codec.encode(first).length,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static void check(int listed, int expected) {
    if (listed != expected) {
      throw new IllegalStateException("Listed " + listed + " pods, expected " + expected);
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
