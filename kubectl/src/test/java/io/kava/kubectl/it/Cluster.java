package io.kava.kubectl.it;

import static org.awaitility.Awaitility.await;

import io.kava.apiserver.ApiServer;
import io.kava.apiserver.ApiServerConfig;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.KavaClient;
import io.kava.kubectl.CliRun;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/** A real etcd process and the real API server in this JVM, on free ports; kavactl talks to it over TCP. */
final class Cluster implements AutoCloseable {
  private final EtcdProcessCluster etcd;
  private final ApiServer apiServer;

  private Cluster(EtcdProcessCluster etcd, ApiServer apiServer) {
    this.etcd = etcd;
    this.apiServer = apiServer;
  }

  static Cluster start() {
    return start(c -> c);
  }

  /** With the configuration changed (security flags); readinessFlags go before the readiness check's command. */
  static Cluster start(java.util.function.UnaryOperator<ApiServerConfig> customize, String... readinessFlags) {
    EtcdProcessCluster etcd = EtcdProcessCluster.start(1);
    ApiServer server;
    try {
      server = new ApiServer(customize.apply(ApiServerConfig.defaults(etcd.endpoints())
          .withListen(new InetSocketAddress("127.0.0.1", 0)))).start();
    } catch (RuntimeException e) {
      etcd.close();
      throw e;
    }
    Cluster cluster = new Cluster(etcd, server);
    await("API server answering get namespaces").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.kavactl().run(java.util.stream.Stream.concat(java.util.Arrays.stream(readinessFlags),
            java.util.stream.Stream.of("get", "namespace", "default", "-o", "name")).toArray(String[]::new)).exitCode() == 0);
    return cluster;
  }

  String server() {
    return "127.0.0.1:" + apiServer.port();
  }

  /** kavactl in this JVM, pointed at this cluster through the environment, on the real clock. */
  CliRun kavactl() {
    return new CliRun(KavaClient::connect).env("KAVA_API_SERVER", server()).clock(Clock.systemUTC());
  }

  @Override
  public void close() {
    try {
      apiServer.close();
    } finally {
      etcd.close();
    }
  }
}
