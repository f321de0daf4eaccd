package io.kava.e2e;

import io.etcd.jetcd.Client;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.config.ClientConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * What the API benchmarks run against: one etcd member and one API server process (the jar, with
 * deploy/up.sh's JVM options or KAVA_JAVA_OPTS; KAVA_JFR_DIR=DIR records each API server's profile as
 * DIR/api-server-ID.jfr, ID as in its log's name),
 * a Kava client and a raw jetcd client of the same etcd for the baselines, and etcd's request counters.
 * KAVA_API_SERVER_JAR names another API server jar (a build of another branch), for an A/B in one run.
 * Several of them may share one etcd ({@link #startOn}), each under its own --etcd-prefix.
 */
final class ApiBenchServer implements AutoCloseable {
  static final String UP_SH_JAVA_OPTS = "-XX:+UseSerialGC -Xmx512m -Xss512k -Xshare:auto";

  private final EtcdProcessCluster etcd;
  private final ManagedProcess apiServer;
  private final List<KavaClient> clients = new ArrayList<>();
  private final Client jetcd;
  private final String target;
  private final boolean ownsEtcd;
  private final Function<String, ClientConfig> admin;

  private ApiBenchServer(EtcdProcessCluster etcd, boolean ownsEtcd, ManagedProcess apiServer, String target,
      Function<String, ClientConfig> admin) {
    this.etcd = etcd;
    this.ownsEtcd = ownsEtcd;
    this.apiServer = apiServer;
    this.target = target;
    this.admin = admin;
    this.jetcd = Client.builder().endpoints(etcd.endpoints().toArray(URI[]::new))
        .maxInboundMessageSize(256 * 1024 * 1024).build();
  }

  static ApiBenchServer start(String... extraApiArgs) throws IOException {
    return start(EtcdProcessCluster.start(1), true, ClientConfig::plaintext, extraApiArgs);
  }

  /**
   * An API server on an etcd the caller owns and closes; ADMIN makes the client configuration (TLS,
   * credentials) of an administrator for the server's "host:port", which {@link #client()} uses.
   */
  static ApiBenchServer startOn(EtcdProcessCluster etcd, Function<String, ClientConfig> admin, String... extraApiArgs)
      throws IOException {
    return start(etcd, false, admin, extraApiArgs);
  }

  private static ApiBenchServer start(EtcdProcessCluster etcd, boolean ownsEtcd, Function<String, ClientConfig> admin,
      String... extraApiArgs) throws IOException {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    // KAVA_API_SERVER_JAR runs another build (another branch's jar) under the same benchmark, for an A/B.
    Path jar = Path.of(System.getenv().getOrDefault("KAVA_API_SERVER_JAR",
        repo.resolve("api-server/target/kava-api-server.jar").toString()));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` first");
    }
    int port = ApiServerHarness.freePort();
    List<String> command = new ArrayList<>(List.of("java"));
    String opts = System.getenv().getOrDefault("KAVA_JAVA_OPTS", UP_SH_JAVA_OPTS);
    command.addAll(List.of(opts.trim().split("\\s+")));
    String id = UUID.randomUUID().toString().substring(0, 8);
    String jfrDir = System.getenv("KAVA_JFR_DIR");
    if (jfrDir != null) {
      // One recording per API server (KAVA_JAVA_OPTS would give several servers one file).
      command.add("-XX:StartFlightRecording:settings=profile,dumponexit=true,filename="
          + Path.of(jfrDir).resolve("api-server-" + id + ".jfr"));
    }
    command.addAll(List.of("-jar", jar.toString(), "--listen", "127.0.0.1:" + port,
        "--etcd-servers", etcd.endpoints().get(0).toString(), "--etcd-compaction-interval", "0s",
        // A loaded machine (other builds beside) can stall etcd for seconds: a figure, not a failure.
        "--etcd-request-timeout", "30s"));
    command.addAll(List.of(extraApiArgs));
    Path log = repo.resolve("e2e/target/bench-logs/api-server-" + id + ".log");
    ManagedProcess process = new ManagedProcess("api-server", command, log).start();
    ApiBenchServer server = new ApiBenchServer(etcd, ownsEtcd, process, "127.0.0.1:" + port, admin);
    KavaClient client = server.client();
    Awaitility.await("API server answers").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.resource(Namespace.class).get("", "default") != null);
    System.out.println("API server " + jar + " " + String.join(" ", extraApiArgs) + ", log: " + log
        + "  JVM options: " + opts + (jfrDir == null ? "" : ", recording in " + jfrDir));
    return server;
  }

  /** A new client (its own connection) of the API server; closed with this. */
  KavaClient client() {
    return client(admin.apply(target));
  }

  /** A new client with these credentials; closed with this. */
  synchronized KavaClient client(ClientConfig config) {
    KavaClient c = KavaClient.connect(config.withServer(target));
    clients.add(c);
    return c;
  }

  String target() {
    return target;
  }

  /** CPU time the API server process has used so far (user + system), for a cost per request that load does not skew. */
  Duration cpuTime() {
    return ProcessHandle.of(apiServer.pid()).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  /** CPU time the (first) etcd member has used so far. */
  Duration etcdCpuTime() {
    return etcd.cpuTime(0);
  }

  Client jetcd() {
    return jetcd;
  }

  void createNamespace(String name) {
    client().resource(Namespace.class).create(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build());
  }

  /**
   * etcd's counters of storage operations and gRPC calls by method (its /metrics on the client port):
   * mvcc range, txn and put totals, and grpc_server_handled_total per method.
   */
  Map<String, Double> etcdCounters() throws IOException, InterruptedException {
    URI metrics = etcd.endpoints().get(0).resolve("/metrics");
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> counters = new TreeMap<>();
    for (String line : body.lines().toList()) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      String name = parts[0];
      if (name.startsWith("etcd_debugging_mvcc_range_total") || name.startsWith("etcd_debugging_mvcc_txn_total")
          || name.startsWith("etcd_debugging_mvcc_put_total")) {
        counters.put(name.replace("etcd_debugging_mvcc_", "mvcc "), Double.parseDouble(parts[1]));
      } else if (name.startsWith("grpc_server_handled_total") && name.contains("grpc_service=\"etcdserverpb.KV\"")) {
        String method = name.replaceAll(".*grpc_method=\"([^\"]*)\".*", "$1");
        counters.merge("grpc KV." + method, Double.parseDouble(parts[1]), Double::sum);
      }
    }
    return counters;
  }

  /** The 1, 5 and 15 minute load averages of the machine, for the record beside each figure. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    clients.forEach(KavaClient::close);
    jetcd.close();
    apiServer.stop();
    if (ownsEtcd) {
      etcd.close();
    }
  }
}
