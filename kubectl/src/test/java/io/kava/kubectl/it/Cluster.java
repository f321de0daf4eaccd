package io.kava.kubectl.it;

import static org.awaitility.Awaitility.await;

import io.kava.apiserver.ApiServer;
import io.kava.apiserver.ApiServerConfig;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.KubeadmSecurity;
import io.kava.client.KavaClient;
import io.kava.client.config.ClientConfig;
import io.kava.kubectl.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real etcd process and the real API server in this JVM, on free ports, secured as deploy/up.sh runs
 * it (TLS, client certificates, no anonymous calls, Node,RBAC); kavactl talks to it over TCP as the
 * cluster's admin.
 */
final class Cluster implements AutoCloseable {
  private final EtcdProcessCluster etcd;
  private final ApiServer apiServer;
  private final Path dir;
  private final KubeadmSecurity security;

  private Cluster(EtcdProcessCluster etcd, ApiServer apiServer, Path dir, KubeadmSecurity security) {
    this.etcd = etcd;
    this.apiServer = apiServer;
    this.dir = dir;
    this.security = security.serving(server());
  }

  static Cluster start() {
    return start(c -> c);
  }

  /** With the configuration changed (security flags); readinessFlags go before the readiness check's command. */
  static Cluster start(java.util.function.UnaryOperator<ApiServerConfig> customize, String... readinessFlags) {
    Path dir;
    try {
      dir = Files.createTempDirectory("kavactl-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KubeadmSecurity security = KubeadmSecurity.in(dir);
    EtcdProcessCluster etcd = EtcdProcessCluster.start(1);
    ApiServer server;
    try {
      server = new ApiServer(customize.apply(ApiServerConfig.defaults(etcd.endpoints())
          .withListen(new InetSocketAddress("127.0.0.1", 0)).withSecurity(security.config()))).start();
    } catch (RuntimeException e) {
      etcd.close();
      throw e;
    }
    Cluster cluster = new Cluster(etcd, server, dir, security);
    await("API server answering get namespaces").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.kavactl().run(java.util.stream.Stream.concat(java.util.Arrays.stream(readinessFlags),
            java.util.stream.Stream.of("get", "namespace", "default", "-o", "name")).toArray(String[]::new)).exitCode() == 0);
    return cluster;
  }

  String server() {
    return "127.0.0.1:" + apiServer.port();
  }

  /** The admin's connection settings (kubernetes-admin, system:masters). */
  ClientConfig admin() {
    return security.admin();
  }

  /** A new connection as the admin; the caller closes it. */
  KavaClient adminClient() {
    return KavaClient.connect(admin());
  }

  /** The admin's kubeconfig file, naming this server: what a kavactl process gets as KUBECONFIG. */
  Path adminKubeconfig() {
    return security.kubeconfig("admin");
  }

  /** kavactl in this JVM, pointed at this cluster through the environment, as the admin, on the real clock. */
  CliRun kavactl() {
    return kavactlWith(admin());
  }

  /** kavactl as another user, with a client certificate of the cluster CA (CN user, O groups). */
  CliRun kavactlAs(String user, String... groups) {
    return kavactlWith(security.user(user, groups));
  }

  private CliRun kavactlWith(ClientConfig credentials) {
    return new CliRun(target -> KavaClient.connect(credentials.withServer(target))).env("KAVA_API_SERVER", server())
        .clock(Clock.systemUTC());
  }

  @Override
  public void close() {
    try {
      apiServer.close();
    } finally {
      etcd.close();
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp files only
      }
    }
  }
}
