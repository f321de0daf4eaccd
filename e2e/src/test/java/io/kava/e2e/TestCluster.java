package io.kava.e2e;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A whole Kava cluster made of real processes, as deploy/up.sh starts it: an etcd, the API server, the
 * scheduler, the controller manager and two kubelets (each with its own node name and loopback
 * address), all sharing the machine's Docker engine. Node names are unique per run so the kubelets
 * touch only this run's containers. Logs go to e2e/target/e2e-logs.
 *
 * <p>{@link #withServices()} adds what Services need: kube-proxy (one per host, as up.sh runs it) and
 * the cluster DNS server, on a Service range of this run's own (10.240.X.0/24) with chains of its own, so
 * two runs side by side never touch each other's rules.
 */
final class TestCluster implements AutoCloseable {
  static final String[] NODE_IPS = {"127.0.0.21", "127.0.0.22"};

  private final Path repo;
  private final Path work;
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final int apiPort = ApiServerHarness.freePort();
  private final List<String> nodeNames = new ArrayList<>();
  private EtcdProcessCluster etcd;
  private ManagedProcess apiServer;
  private ManagedProcess scheduler;
  private ManagedProcess controllerManager;
  private final List<ManagedProcess> kubelets = new ArrayList<>();
  private KavaClient client;
  private boolean services;
  private final int serviceSubnet = 1 + new java.util.Random().nextInt(250);
  private final int dnsPort = ApiServerHarness.freePort();
  private ManagedProcess kubeProxy;
  private ManagedProcess dns;

  TestCluster() throws IOException {
    repo = Path.of(System.getProperty("user.dir")).getParent();
    work = Files.createTempDirectory("kava-e2e-");
    for (int i = 0; i < NODE_IPS.length; i++) {
      nodeNames.add("e2e-" + run + "-node-" + (i + 1));
    }
  }

  /** Also runs kube-proxy and the cluster DNS server; kubelets point pods at that DNS server. */
  TestCluster withServices() {
    services = true;
    return this;
  }

  /** This run's Service range: 10.240.X.0/24. */
  String serviceCidr() {
    return "10.240." + serviceSubnet + ".0/24";
  }

  /** The ClusterIP of kube-dns: the range's 10th address, as upstream's kubeadm picks it. */
  String dnsServiceIp() {
    return "10.240." + serviceSubnet + ".10";
  }

  /** Where the cluster DNS server listens: the host's bridge address, which pods reach. */
  String dnsAddress() {
    return Docker.bridgeGateway();
  }

  int dnsPort() {
    return dnsPort;
  }

  /** The chain tag of this run's kube-proxy, so its rules are told apart from any other cluster's. */
  String proxyTag() {
    return "E" + run.substring(0, 5).toUpperCase(java.util.Locale.ROOT);
  }

  TestCluster start() throws IOException {
    Path logs = repo.resolve("e2e/target/e2e-logs/" + run);
    etcd = EtcdProcessCluster.start(1);
    List<String> apiArgs = new ArrayList<>(List.of("--listen", "127.0.0.1:" + apiPort,
        "--etcd-servers", etcd.endpoints().get(0).toString()));
    if (services) {
      apiArgs.addAll(List.of("--service-cluster-ip-range", serviceCidr()));
    }
    apiServer = java("api-server", logs.resolve("api-server.log"), apiArgs.toArray(String[]::new)).start();
    awaitPort(apiPort);
    client = KavaClient.connect(apiServer());
    Awaitility.await("API server answers").atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.resource(Namespace.class).get("", "default") != null);
    scheduler = java("scheduler", logs.resolve("scheduler.log"), "--server", apiServer()).start();
    controllerManager = java("controller-manager", logs.resolve("controller-manager.log"), "--server", apiServer()).start();
    if (services) {
      kubeProxy = java("kube-proxy", logs.resolve("kube-proxy.log"), kubeProxyArgs(false)).start();
      dns = java("dns", logs.resolve("dns.log"), "--server", apiServer(),
          "--listen", Docker.bridgeGateway() + ":" + dnsPort, "--service-cluster-ip-range", serviceCidr(),
          "--cluster-ip", dnsServiceIp()).start();
    }
    for (int i = 0; i < nodeNames.size(); i++) {
      List<String> args = new ArrayList<>(List.of("--server", apiServer(),
          "--node-name", nodeNames.get(i), "--node-ip", NODE_IPS[i], "--backoff-scale", "0.1",
          "--registry-pulls", "false", "--root-dir", work.resolve("kubelet").toString(),
          "--port", Integer.toString(ApiServerHarness.freePort())));
      if (services) {
        args.addAll(List.of("--cluster-dns", dnsServiceIp()));
      }
      kubelets.add(java("kubelet", logs.resolve("kubelet-" + (i + 1) + ".log"), args.toArray(String[]::new)).start());
    }
    Awaitility.await("every node Ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(ApiException.class).until(() -> readyNodes() == nodeNames.size());
    return this;
  }

  private long readyNodes() {
    return client.resource(Node.class).list(ListOptions.all()).items().stream()
        .filter(n -> nodeNames.contains(n.getMetadata().getName()))
        .filter(n -> n.getStatus().getConditionsList().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .count();
  }

  KavaClient client() {
    return client;
  }

  String apiServer() {
    return "127.0.0.1:" + apiPort;
  }

  List<String> nodeNames() {
    return nodeNames;
  }

  void stopApiServer() {
    apiServer.stop();
  }

  void startApiServer() throws IOException {
    apiServer.start();
    awaitPort(apiPort);
  }

  private String[] kubeProxyArgs(boolean cleanup) {
    List<String> args = new ArrayList<>(List.of("--server", apiServer(), "--service-cluster-ip-range", serviceCidr(),
        "--cluster-tag", proxyTag()));
    if (cleanup) {
      args.add("--cleanup");
    }
    return args.toArray(String[]::new);
  }

  void stopKubeProxy() {
    kubeProxy.stop();
  }

  void startKubeProxy() throws IOException {
    kubeProxy.start();
  }

  /** Runs `kube-proxy --cleanup` for this run's tag and waits for it to finish. */
  void cleanupKubeProxy() {
    ManagedProcess cleanup = java("kube-proxy", kubeProxy.log(), kubeProxyArgs(true));
    try {
      cleanup.start().waitFor(Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  void restartKubelet(int index) throws IOException {
    kubelets.get(index).stop();
    kubelets.get(index).start();
  }

  private ManagedProcess java(String module, Path log, String... args) {
    Path jar = repo.resolve(module + "/target/kava-" + module + ".jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` first");
    }
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    command.addAll(List.of(args));
    return new ManagedProcess(module, command, log);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    kubelets.forEach(ManagedProcess::stop);
    for (ManagedProcess p : new ManagedProcess[] {dns, kubeProxy, controllerManager, scheduler, apiServer}) {
      if (p != null) {
        p.stop();
      }
    }
    if (kubeProxy != null) {
      cleanupKubeProxy();
    }
    if (etcd != null) {
      etcd.close();
    }
    for (String node : nodeNames) {
      Docker.removeContainersOfNode(node);
    }
    deleteRecursively(work);
  }

  private static void awaitPort(int port) {
    Awaitility.await("port " + port + " listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files only
    }
  }
}
