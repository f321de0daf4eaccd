package io.kava.kubelet.it;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** A real single-member etcd (the Debian binary) on free loopback ports, stopped by its own process handle. */
public final class EtcdProcess implements AutoCloseable {
  private final Process process;
  private final Path dataDir;
  private final int clientPort;

  public EtcdProcess() throws IOException {
    clientPort = freePort();
    int peerPort = freePort();
    dataDir = Files.createTempDirectory("kubelet-it-etcd");
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    File log = new File("target/etcd-" + clientPort + ".log");
    process = new ProcessBuilder(List.of("etcd", "--name", "kubelet-it", "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "kubelet-it=" + peer))
        .redirectErrorStream(true).redirectOutput(log).start();
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited; see " + log);
      }
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(client + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return r.body().contains("true");
    });
  }

  public URI clientUrl() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
