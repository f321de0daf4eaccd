package io.kava.kubectl.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member etcd (the Debian binary) on free loopback ports with its own data folder, stopped
 * by its own pid. Never the fixed ports 2379/2380 a dev cluster may hold.
 */
final class EtcdProcess implements AutoCloseable {
  private final Process process;
  private final int clientPort;

  private EtcdProcess(Process process, int clientPort) {
    this.process = process;
    this.clientPort = clientPort;
  }

  static EtcdProcess start(Path dataDir) throws IOException {
    String binary = Files.isExecutable(Path.of("/usr/bin/etcd")) ? "/usr/bin/etcd" : "etcd";
    int client = freePort();
    int peer = freePort();
    String clientUrl = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    Process p = new ProcessBuilder(List.of(binary, "--name", "kavactl-it", "--data-dir", dataDir.resolve("data").toString(),
        "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "kavactl-it=" + peerUrl))
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("etcd.log").toFile())
        .start();
    EtcdProcess etcd = new EtcdProcess(p, client);
    try {
      await("etcd accepting connections on " + clientUrl).atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
              throw new IllegalStateException("etcd exited with " + p.exitValue() + ", see " + dataDir.resolve("etcd.log"));
            }
            return accepts(client);
          });
    } catch (RuntimeException e) {
      etcd.close();
      throw e;
    }
    return etcd;
  }

  String url() {
    return "http://127.0.0.1:" + clientPort;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
