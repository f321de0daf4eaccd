package io.kava.apiserver.testing;

import io.kava.apiserver.ApiServer;
import io.kava.apiserver.ApiServerConfig;
import io.kava.client.KavaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * A real API server (in this JVM) on a real gRPC socket, on a free loopback port, against real etcd.
 * It can be stopped and started again on the same port, so clients reconnect by themselves.
 *
 * <pre>
 * try (ApiServerHarness api = ApiServerHarness.start(EtcdContainer.shared())) {
 *   KavaClient client = api.client();          // closed with the harness
 *   client.resource(Pod.class).create(pod);
 *   api.stop();  ...  api.restart();
 * }
 * </pre>
 */
public final class ApiServerHarness implements AutoCloseable {
  private final ApiServerConfig config;
  private final List<KavaClient> clients = new ArrayList<>();
  private ApiServer server;

  private ApiServerHarness(ApiServerConfig config) {
    this.config = config;
  }

  public static ApiServerHarness start(EtcdContainer etcd) {
    return start(etcd.endpoints(), c -> c);
  }

  public static ApiServerHarness start(EtcdContainer etcd, UnaryOperator<ApiServerConfig> customize) {
    return start(etcd.endpoints(), customize);
  }

  /**
   * Starts on the given etcd endpoints; customize adjusts the config (window size, compaction,
   * bookmarks...). The listen address is always a free loopback port.
   */
  public static ApiServerHarness start(List<URI> etcdEndpoints, UnaryOperator<ApiServerConfig> customize) {
    ApiServerConfig config = customize.apply(ApiServerConfig.defaults(etcdEndpoints)
            .withCompactionInterval(Duration.ZERO)
            .withBookmarkInterval(Duration.ofSeconds(1)))
        .withListen(new InetSocketAddress("127.0.0.1", freePort()));
    ApiServerHarness h = new ApiServerHarness(config);
    h.restart();
    return h;
  }

  /** "127.0.0.1:PORT", what KavaClient.connect, kavactl --server and the informer take. */
  public String target() {
    return "127.0.0.1:" + config.listen().getPort();
  }

  public int port() {
    return config.listen().getPort();
  }

  public ApiServerConfig config() {
    return config;
  }

  /** The running server (registry and watch caches, for white-box checks). */
  public ApiServer server() {
    return server;
  }

  /** A new client of this server; the harness closes it. */
  public synchronized KavaClient client() {
    KavaClient c = KavaClient.connect(target());
    clients.add(c);
    return c;
  }

  /** Stops the server (clients see UNAVAILABLE until {@link #restart()}). */
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Starts (again) on the same port and waits until the system namespaces exist. */
  public synchronized void restart() {
    stop();
    server = new ApiServer(config).start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(server::bootstrapped);
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public synchronized void close() {
    clients.forEach(KavaClient::close);
    clients.clear();
    stop();
  }

  /**
   * COUNT distinct free ports: each socket stays open until all are chosen, so the kernel cannot hand out
   * one port twice (freePort() called COUNT times can: a closed port is free again at once).
   */
  public static int[] freePorts(int count) {
    List<ServerSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        open.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
      }
      return open.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a socket we only held to reserve its port
        }
      }
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
