package io.kava.e2e;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: deploy/etcd-backup.sh save and restore of a cluster of deploy/up.sh (no nodes)
 * holding N ConfigMaps (default 10 000, about 256 bytes of data each), beside etcdctl's own snapshot
 * save and snapshot restore of the same data in the same run. The restore figure runs until the API
 * server lists every object again. Run with deploy/bench.sh backup [N].
 */
public final class EtcdBackupBenchmark {
  private static final String NS = "bench-backup";

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path state = Files.createTempDirectory("kava-backup-bench-");
    int apiPort = ApiServerHarness.freePort();
    int etcdPort = ApiServerHarness.freePort();
    try {
      check(DeployScript.run(state, "deploy/up.sh", "--nodes", "0", "--etcd-port", "" + etcdPort,
          "--etcd-peer-port", "" + ApiServerHarness.freePort(), "--api-port", "" + apiPort,
          "--service-cidr", "10.243." + (1 + new java.util.Random().nextInt(250)) + ".0/24",
          "--dns-port", "" + ApiServerHarness.freePort(), "--no-build", "--no-images"));
      try (KavaClient client = DeployScript.adminClient(state)) {
        long fill = fill(client, count);
        String endpoint = "https://127.0.0.1:" + etcdPort;
        Path etcdPki = state.resolve("pki/etcd"); // etcd is TLS only: etcdctl with up.sh's etcd client certificate
        Path snapshot = state.resolve("bench.db");
        Path raw = state.resolve("raw.db");

        long rawSave = time(() -> check(command("etcdctl", "--endpoints=" + endpoint, "--cacert=" + etcdPki.resolve("ca.crt"),
            "--cert=" + etcdPki.resolve("healthcheck-client.crt"), "--key=" + etcdPki.resolve("healthcheck-client.key"),
            "snapshot", "save", raw.toString())));
        long save = time(() -> check(DeployScript.run(state, "deploy/etcd-backup.sh", "save", snapshot.toString())));
        Path rawDir = state.resolve("raw-restore");
        long rawRestore = time(() -> check(command("etcdctl", "snapshot", "restore", raw.toString(),
            "--data-dir", rawDir.toString())));
        StringBuilder steps = new StringBuilder();
        long restore = time(() -> {
          DeployScript.Result result = DeployScript.run(state, "deploy/etcd-backup.sh", "restore", snapshot.toString());
          check(result);
          result.output().lines().filter(l -> l.contains("etcd-backup:") || l.contains("ready:") || l.contains(": started"))
              .forEach(l -> steps.append("    ").append(l).append('\n'));
          awaitListed(client, count);
        });
        System.out.printf("etcd backup and restore, %d ConfigMaps (filled in %d ms, %.0f objects/s through the API), snapshot %d bytes%n",
            count, fill, count * 1000.0 / fill, Files.size(snapshot));
        System.out.printf("%-62s %7d ms%n", "etcd-backup.sh save", save);
        System.out.printf("%-62s %7d ms%n", "etcdctl snapshot save (baseline)", rawSave);
        System.out.printf("%-62s %7d ms%n", "etcd-backup.sh restore, until the API lists every object", restore);
        System.out.printf("%-62s %7d ms%n", "etcdctl snapshot restore into a data dir (baseline)", rawRestore);
        System.out.print("the restore's steps:\n" + steps);
      }
    } finally {
      DeployScript.run(state, "deploy/down.sh", "--purge");
      try (var files = Files.walk(state)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Creates count ConfigMaps from 32 threads; returns the milliseconds it took. */
  private static long fill(KavaClient client, int count) throws Exception {
    client.resource(Namespace.class).create(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(NS)).build());
    ResourceClient<ConfigMap> configMaps = client.resource(ConfigMap.class);
    String value = "x".repeat(256);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "cm-" + i;
      done.add(pool.submit(() -> configMaps.create(ConfigMap.newBuilder()
          .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName(name)).putData("v", value).build())));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void awaitListed(KavaClient client, int count) {
    Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.resource(ConfigMap.class).list(ListOptions.inNamespace(NS)).items().size() == count);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long time(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static DeployScript.Result command(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().put("ETCDCTL_API", "3");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new DeployScript.Result(p.waitFor(), out);
  }

  private static void check(DeployScript.Result result) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException("Failed (exit " + result.exitCode() + "):\n" + result.output());
    }
  }
}
