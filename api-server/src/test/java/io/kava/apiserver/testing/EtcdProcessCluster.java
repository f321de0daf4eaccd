package io.kava.apiserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * A real multi-member etcd cluster: one /usr/bin/etcd process per member on free loopback ports, with
 * data in a temporary folder. Members can be stopped (or killed) one by one and started again;
 * close() ends only the processes it started.
 */
public final class EtcdProcessCluster implements AutoCloseable {
  private final List<Process> members = new ArrayList<>();
  private final List<ProcessBuilder> commands = new ArrayList<>();
  private final List<Path> dataDirs = new ArrayList<>();
  private final List<URI> clientUrls = new ArrayList<>();
  private final Path dataRoot;

  private EtcdProcessCluster(Path dataRoot) {
    this.dataRoot = dataRoot;
  }

  public static EtcdProcessCluster start(int size) {
    return start(size, null);
  }

  /**
   * Members serving clients and peers over TLS as kubeadm runs them, with the certificates of
   * ClusterCertificates.ensureEtcd() under {@code pki} (pki/etcd/server, peer, ca): https:// URLs,
   * client certificates required from clients (--client-cert-auth) and from peers. null: plaintext.
   */
  public static EtcdProcessCluster start(int size, Path pki) {
    try {
      EtcdProcessCluster cluster = new EtcdProcessCluster(Files.createTempDirectory("kava-etcd-cluster"));
      String scheme = pki == null ? "http" : "https";
      // Client and peer ports all distinct: one port given twice made a member fail to bind.
      int[] ports = ApiServerHarness.freePorts(2 * size);
      int[] clientPorts = java.util.Arrays.copyOfRange(ports, 0, size);
      int[] peerPorts = java.util.Arrays.copyOfRange(ports, size, 2 * size);
      String initial = IntStream.range(0, size).mapToObj(i -> "m" + i + "=" + scheme + "://127.0.0.1:" + peerPorts[i])
          .collect(Collectors.joining(","));
      for (int i = 0; i < size; i++) {
        String client = scheme + "://127.0.0.1:" + clientPorts[i];
        String peer = scheme + "://127.0.0.1:" + peerPorts[i];
        Path dir = cluster.dataRoot.resolve("m" + i);
        ProcessBuilder command = new ProcessBuilder("etcd", "--name", "m" + i, "--data-dir", dir.toString(),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", initial, "--initial-cluster-state", "new",
            "--initial-cluster-token", "kava-it-" + clientPorts[0],
            "--heartbeat-interval", "100", "--election-timeout", "1000")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.dataRoot.resolve("m" + i + ".log").toFile()));
        if (pki != null) {
          command.command().addAll(tlsFlags(pki.resolve("etcd")));
        }
        cluster.commands.add(command);
        cluster.dataDirs.add(dir);
        cluster.members.add(command.start());
        cluster.clientUrls.add(URI.create(client));
      }
      try {
        for (int port : clientPorts) {
          Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listening(port));
        }
      } catch (RuntimeException e) {
        cluster.members.forEach(Process::destroyForcibly); // a failed start leaves no member running
        throw e;
      }
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** etcd's flags for client and peer TLS with certificates required, as kubeadm's static pod has them. */
  public static List<String> tlsFlags(Path etcdPki) {
    String ca = etcdPki.resolve("ca.crt").toString();
    return List.of("--cert-file", etcdPki.resolve("server.crt").toString(), "--key-file", etcdPki.resolve("server.key").toString(),
        "--client-cert-auth", "--trusted-ca-file", ca,
        "--peer-cert-file", etcdPki.resolve("peer.crt").toString(), "--peer-key-file", etcdPki.resolve("peer.key").toString(),
        "--peer-client-cert-auth", "--peer-trusted-ca-file", ca);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** CPU time member index has used so far (user + system); zero once it is gone. */
  public java.time.Duration cpuTime(int index) {
    return members.get(index).info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  public List<URI> endpoints() {
    return List.copyOf(clientUrls);
  }

  /** Stops one member (SIGTERM, then SIGKILL after 5 s). */
  public void stopMember(int index) {
    Process p = members.get(index);
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills one member with SIGKILL, as a crash would. */
  public void killMember(int index) {
    try {
      members.get(index).destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a stopped member again on its own data directory and ports; returns once it listens. */
  public void restartMember(int index) {
    if (!members.get(index).isAlive()) {
      startMember(index);
    }
  }

  /** Starts a stopped member again with the same name, ports and data directory. */
  public void startMember(int index) {
    try {
      members.set(index, commands.get(index).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = clientUrls.get(index).getPort();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listening(port));
  }

  /** A member's data directory (a stopped member's may be emptied to simulate losing it). */
  public Path dataDir(int index) {
    return dataDirs.get(index);
  }

  /** Stops a member, deletes its data directory and starts it again: etcd losing all its data. */
  public void wipeMember(int index) {
    stopMember(index);
    deleteTree(dataDirs.get(index));
    startMember(index);
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < members.size(); i++) {
      stopMember(i);
    }
    try (var files = Files.walk(dataRoot)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
