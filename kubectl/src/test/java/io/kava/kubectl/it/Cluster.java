package io.kava.kubectl.it;

import static org.awaitility.Awaitility.await;

import io.kava.apiserver.ApiServer;
import io.kava.apiserver.ApiServerConfig;
import io.kava.client.KavaClient;
import io.kava.kubectl.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real etcd process and the real API server in this JVM, on free ports; kavactl talks to it over TCP. */
final class Cluster implements AutoCloseable {
  private final EtcdProcess etcd;
  private final ApiServer apiServer;

  private Cluster(EtcdProcess etcd, ApiServer apiServer) {
    this.etcd = etcd;
    this.apiServer = apiServer;
  }

  static Cluster start(Path dir) throws IOException {
    EtcdProcess etcd = EtcdProcess.start(dir);
    ApiServer server;
    try {
      server = new ApiServer(ApiServerConfig.defaults(List.of(URI.create(etcd.url())))
          .withListen(new InetSocketAddress("127.0.0.1", 0))).start();
    } catch (RuntimeException e) {
      etcd.close();
      throw e;
    }
    Cluster cluster = new Cluster(etcd, server);
    await("API server answering get namespaces").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.kavactl().run("get", "namespace", "default", "-o", "name").exitCode() == 0);
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
