package io.kava.e2e;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ResourceClient;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.ClusterCertificates;
import io.kava.client.pki.IssuedCertificate;
import io.kava.e2e.ApiCreateBenchmark.Phase;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: the cost of TLS, authentication and RBAC on API creates. On one etcd, three API
 * server processes (each under its own --etcd-prefix): (a) plaintext, anonymous, AlwaysAllow; (b) TLS,
 * x509 client certificates, no anonymous, --authorization-mode=Node,RBAC, the caller a plain user bound by
 * a RoleBinding to ClusterRole edit in its namespace (so RBAC walks the ClusterRoleBindings and the
 * namespace's RoleBindings, not the system:masters shortcut); (c) the same TLS and x509 with AlwaysAllow,
 * so TLS and authorization can be told apart. The same workload as api-create (OBJECTS ConfigMaps of a
 * 256-byte value from CLIENTS callers over 8 connections) runs ROUNDS times against each, in slices of 500
 * creates taken in turn, the order turned every slice (abc, bca, cab), so machine load falls on all alike;
 * besides the totals, the median over slices of the ratios of adjacent slices, which load moves least.
 * Run with deploy/bench.sh api-create-secure [OBJECTS] [CLIENTS] [ROUNDS].
 */
public final class ApiCreateSecureBenchmark {
  private static final String USER = "bench-user";
  private static final String NAMESPACE = "bench-secure";
  /** Bindings of other users in the namespace, as a real namespace has, so RBAC scans past some. */
  private static final int OTHER_BINDINGS = 10;
  private static final int CONNECTIONS = 8;
  private static final int SLICE = 500;
  private static final com.sun.management.OperatingSystemMXBean CLIENT_CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** One API server configuration: its clients, and its phases summed over the rounds. */
  static final class Variant {
    final String label;
    final ApiBenchServer server;
    final List<ResourceClient<ConfigMap>> clients = new ArrayList<>();
    final Samples latencies = new Samples();
    final List<Double> sliceRates = new ArrayList<>();
    long count;
    long nanos;
    long serverCpuNanos;
    long clientCpuNanos;

    Variant(String label, ApiBenchServer server, ClientConfig caller) {
      this.label = label;
      this.server = server;
      for (int i = 0; i < CONNECTIONS; i++) {
        clients.add(server.client(caller).resource(ConfigMap.class));
      }
    }

    Phase run(String prefix, int objects, int callers) throws Exception {
      return ApiCreateBenchmark.run(objects, callers,
          i -> clients.get(i % clients.size()).create(ApiCreateBenchmark.configMap(NAMESPACE, prefix + i)));
    }

    /** A counted phase: its time and latencies, and the CPU both processes spent on it. */
    void measure(String prefix, int objects, int callers) throws Exception {
      Duration serverBefore = server.cpuTime();
      long clientBefore = CLIENT_CPU.getProcessCpuTime();
      Phase phase = run(prefix, objects, callers);
      serverCpuNanos += server.cpuTime().minus(serverBefore).toNanos();
      clientCpuNanos += CLIENT_CPU.getProcessCpuTime() - clientBefore;
      count += phase.count();
      nanos += phase.nanos();
      latencies.addAll(phase.latencies().sorted());
      sliceRates.add(phase.perSecond());
    }

    double perSecond() {
      return count * 1e9 / nanos;
    }

    double serverCpuMicros() {
      return serverCpuNanos / 1e3 / count;
    }

    double clientCpuMicros() {
      return clientCpuNanos / 1e3 / count;
    }

    String line() {
      Samples rates = Samples.of(sliceRates);
      return String.format(Locale.ROOT, "%-37s n=%d %5.0f/s  %s  CPU per create: API server %.0f us, client %.0f us"
          + "  (slices %.0f to %.0f /s)", label, count, perSecond(), latencies.summary("ms"), serverCpuMicros(),
          clientCpuMicros(), rates.percentile(0), rates.max());
    }

    /** The median over slices of this variant's rate over the other's in the same turn. */
    double medianRatioTo(Variant other) {
      Samples ratios = new Samples();
      for (int i = 0; i < sliceRates.size(); i++) {
        ratios.add(sliceRates.get(i) / other.sliceRates.get(i));
      }
      return ratios.p50();
    }
  }

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("kava-bench-pki");
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of());
    Path pki = dir.resolve("pki");
    ClientConfig admin = KubeConfigLoader.load(dir.resolve("admin.kubeconfig"));
    IssuedCertificate userCertificate = CertificateAuthority.read(pki.resolve("ca.crt"), pki.resolve("ca.key"))
        .issue(CertificateProfile.client(USER, List.of()));
    ClientConfig user = new ClientConfig(admin.server(), true, admin.certificateAuthorities(), userCertificate, null);
    Function<String, ClientConfig> tlsAdmin = admin::withServer;
    String[] tls = {"--tls-cert-file", pki.resolve("apiserver.crt").toString(), "--tls-private-key-file",
        pki.resolve("apiserver.key").toString(), "--client-ca-file", pki.resolve("ca.crt").toString(),
        "--anonymous-auth=false"};

    EtcdProcessCluster etcd = EtcdProcessCluster.start(1);
    try (ApiBenchServer plainServer = ApiBenchServer.startOn(etcd, ClientConfig::plaintext, "--etcd-prefix", "/registry-plain");
        ApiBenchServer rbacServer = ApiBenchServer.startOn(etcd, tlsAdmin,
            concat(tls, "--etcd-prefix", "/registry-rbac", "--authorization-mode", "Node,RBAC"));
        ApiBenchServer tlsServer = ApiBenchServer.startOn(etcd, tlsAdmin, concat(tls, "--etcd-prefix", "/registry-tls"))) {
      for (ApiBenchServer s : List.of(plainServer, rbacServer, tlsServer)) {
        s.createNamespace(NAMESPACE);
      }
      bindEdit(rbacServer);
      List<Variant> variants = List.of(
          new Variant("(a) plaintext, anonymous, AlwaysAllow", plainServer, ClientConfig.plaintext(plainServer.target())),
          new Variant("(b) TLS + x509 + Node,RBAC", rbacServer, user),
          new Variant("(c) TLS + x509, AlwaysAllow", tlsServer, user));
      awaitAllowed(variants.get(1));
      for (Variant v : variants) {
        v.run("warm-", objects, callers); // a round for the JIT of both sides, not counted
      }
      String loadBefore = ApiBenchServer.loadAverage();
      int slices = rounds * Math.max(1, objects / SLICE);
      int perSlice = rounds * objects / slices;
      for (int slice = 0; slice < slices; slice++) {
        for (int k = 0; k < variants.size(); k++) {
          variants.get((slice + k) % variants.size()).measure("s" + slice + "-", perSlice, callers);
        }
      }
      String loadAfter = ApiBenchServer.loadAverage();
      double decisionMicros = RbacDecisionTiming.nanosPerDecision(rbacServer.client(), new RequestAttributes(
          UserInfo.of(USER).authenticated(), "create", "", "configmaps", "", NAMESPACE, ""), 200_000) / 1e3;
      report(variants, decisionMicros, objects, callers, rounds, loadBefore, loadAfter, args);
    } finally {
      etcd.close();
      TestCluster.deleteRecursively(dir); // the CA's key among them
    }
  }

  /** A RoleBinding of ClusterRole edit to the bench user, beside bindings of other users to view. */
  private static void bindEdit(ApiBenchServer server) {
    ResourceClient<RoleBinding> bindings = server.client().resource(RoleBinding.class);
    for (int i = 0; i < OTHER_BINDINGS; i++) {
      bindings.create(binding("view-" + i, "user-" + i, "view"));
    }
    bindings.create(binding("bench-edit", USER, "edit"));
  }

  private static RoleBinding binding(String name, String user, String clusterRole) {
    return RoleBinding.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName(name))
        .addSubjects(Subject.newBuilder().setKind("User").setApiGroup(Kinds.RBAC_GROUP).setName(user))
        .setRoleRef(RoleRef.newBuilder().setApiGroup(Kinds.RBAC_GROUP).setKind("ClusterRole").setName(clusterRole))
        .build();
  }

  /** Until the binding is in the authorizer's cache and edit has aggregated its rules. */
  private static void awaitAllowed(Variant rbac) {
    ResourceClient<ConfigMap> client = rbac.clients.get(0);
    Awaitility.await("the bench user may create ConfigMaps").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.create(ApiCreateBenchmark.configMap(NAMESPACE, "probe")) != null);
  }

  private static void report(List<Variant> v, double decisionMicros, int objects, int callers, int rounds, String loadBefore, String loadAfter,
      String[] args) throws Exception {
    Variant plain = v.get(0);
    Variant rbac = v.get(1);
    Variant tls = v.get(2);
    System.out.printf("API create, %d ConfigMaps (256-byte value) x %d rounds, %d callers on %d connections,"
        + " load average %s before, %s after%n", objects, rounds, callers, CONNECTIONS, loadBefore, loadAfter);
    v.forEach(x -> System.out.println(x.line()));
    System.out.printf(Locale.ROOT, "throughput / (a): (b) %.3f  (c) %.3f;  (b) / (c), authorization alone: %.3f%n",
        rbac.perSecond() / plain.perSecond(), tls.perSecond() / plain.perSecond(), rbac.perSecond() / tls.perSecond());
    System.out.printf(Locale.ROOT, "median of adjacent slices' throughput ratios: (b)/(a) %.3f  (c)/(a) %.3f  (b)/(c) %.3f%n",
        rbac.medianRatioTo(plain), tls.medianRatioTo(plain), rbac.medianRatioTo(tls));
    System.out.printf(Locale.ROOT, "API server CPU per create / (a): (b) %.3f  (c) %.3f;  (b) / (c): %.3f%n",
        rbac.serverCpuMicros() / plain.serverCpuMicros(), tls.serverCpuMicros() / plain.serverCpuMicros(),
        rbac.serverCpuMicros() / tls.serverCpuMicros());
    System.out.printf(Locale.ROOT, "RBAC decision of one create, in process: %.1f us (%.2f %% of (b)'s API server CPU per create)%n",
        decisionMicros, 100 * decisionMicros / rbac.serverCpuMicros());
    System.out.printf(Locale.ROOT, "p99 / (a): (b) %.3f  (c) %.3f;  (b) / (c): %.3f%n", rbac.latencies.p99() / plain.latencies.p99(),
        tls.latencies.p99() / plain.latencies.p99(), rbac.latencies.p99() / tls.latencies.p99());
    new BenchReport("api-create-secure", "API create with TLS + x509 + RBAC beside plaintext, " + objects
        + " ConfigMaps x " + rounds + " rounds, " + callers + " concurrent callers")
        .figure("creates per second, (b) TLS + x509 + RBAC / (a) plaintext", rbac.perSecond(), plain.perSecond(), "/s",
            ">= 0.9")
        .figure("creates per second, (c) TLS + x509 / (a) plaintext", tls.perSecond(), plain.perSecond(), "/s", "")
        .figure("creates per second, (b) RBAC / (c) AlwaysAllow, both TLS", rbac.perSecond(), tls.perSecond(), "/s",
            ">= 0.9")
        .figure("median slice throughput ratio, (b) / (a)", rbac.medianRatioTo(plain), "",
            rbac.sliceRates.size() + " slices", "")
        .figure("median slice throughput ratio, (c) / (a)", tls.medianRatioTo(plain), "", rbac.sliceRates.size() + " slices", "")
        .figure("median slice throughput ratio, (b) / (c)", rbac.medianRatioTo(tls), "", rbac.sliceRates.size() + " slices",
            ">= 0.9")
        .latencies("create latency (b) / (a)", "(b) TLS + x509 + RBAC", rbac.latencies, "(a) plaintext", plain.latencies,
            "ms", "")
        .latencies("create latency (c) / (a)", "(c) TLS + x509, AlwaysAllow", tls.latencies, "(a) plaintext",
            plain.latencies, "ms", "")
        .figure("create latency p99, (b) RBAC / (c) AlwaysAllow", rbac.latencies.p99(), tls.latencies.p99(), "ms", "")
        .figure("API server CPU per create, (b) / (a)", rbac.serverCpuMicros(), plain.serverCpuMicros(), "us", "")
        .figure("API server CPU per create, (c) / (a)", tls.serverCpuMicros(), plain.serverCpuMicros(), "us", "")
        .figure("API server CPU per create, (b) RBAC / (c) AlwaysAllow", rbac.serverCpuMicros(), tls.serverCpuMicros(),
            "us", "<= 1.1")
        .figure("RBAC decision of one create, in process", decisionMicros, "us",
            String.format(Locale.ROOT, "(b)'s API server CPU per create: %.0f us", rbac.serverCpuMicros()), "")
        .figure("client CPU per create, (b) / (a)", rbac.clientCpuMicros(), plain.clientCpuMicros(), "us", "")
        .note("Three API server processes on one etcd, each under its own --etcd-prefix, run in turn in slices of " + SLICE
            + " creates, the order turned each slice (abc, bca, cab). (a) plaintext, anonymous, AlwaysAllow; (b) TLS, x509 client certificates,"
            + " --anonymous-auth=false, --authorization-mode=Node,RBAC, the caller user " + USER + " bound by a RoleBinding"
            + " to ClusterRole edit in a namespace holding " + OTHER_BINDINGS + " other RoleBindings; (c) as (b) with"
            + " AlwaysAllow. A first untimed round of each warms both JVMs. Each variant's throughput is its creates over"
            + " its time summed over the slices; the median slice ratio is the median over turns of one variant's"
            + " rate over the other's in the same turn (seconds apart, so load moves it least); CPU per create is the API server process's (and the benchmark"
            + " client's) user + system time over the counted phases, which a loaded machine skews less than"
            + " wall time.")
        .note("The RBAC decision is RbacAuthorizer's on the roles and bindings (b) holds, read once through its API"
            + " and timed in the benchmark's process (200000 decisions after as many untimed): the walk of the"
            + " ClusterRoleBindings and the namespace's RoleBindings to edit's rule, apart from TLS and load.")
        .note("Per variant, with the slowest and fastest slice: " + String.join("; ", v.stream().map(Variant::line).toList()) + ".")
        .note("Load average " + loadBefore + " before the measured rounds, " + loadAfter + " after.")
        .write(args);
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
