package io.kava.e2e;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.ClassDataArchive;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.KubeadmSecurity;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.config.ClientConfig;
import io.kava.client.pki.ClusterCertificates;
import io.kava.client.pki.PrivateFiles;
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
 *
 * <p>{@link #highlyAvailable()} runs the control plane as deploy/up.sh --ha does: a 3-member etcd, two
 * API servers (each with every etcd member in --etcd-servers), two schedulers and two controller
 * managers (one of each leads), and every component's --server lists both API servers.
 * {@link #controlPlaneOnly()} starts etcd and the API servers only.
 *
 * <p>{@link #withHollowNodes(int)} adds one JVM of hollow nodes (the kubelet's HollowNodesCommand,
 * as deploy/up.sh --hollow-nodes N), labelled kava.io/hollow=true; {@link #withRealNodes(int)} 0 leaves
 * only them.
 *
 * <p>Secure as kubeadm makes a cluster (issue 12): certificates under the work directory
 * ({@code pki/}, one kubeconfig per identity), the API server TLS only with client certificates, no
 * anonymous calls, {@code --authorization-mode=Node,RBAC}; each component connects with its own
 * identity. {@link #client()} and {@link #adminConfig()} are the admin's (system:masters),
 * {@link #clientAs} another user's.
 */
final class TestCluster implements AutoCloseable {
  /** The real nodes' addresses: two by default, up to four with {@link #withRealNodes}. */
  static final String[] NODE_IPS = {"127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24"};
  private static final int DEFAULT_REAL_NODES = 2;
  /*
   * What the pass/fail suite changes in how processes start (failsafe sets both properties, see e2e/pom.xml;
   * benchmarks, run by deploy/bench.sh, start them as up.sh does). FAST_START: the quick compiler only, as a
   * test cluster lives a minute or two and C2 compiling beside five starting JVMs on two cores costs more than
   * it gives back. CLASS_DATA: each process maps the AppCDS archive the first of its kind recorded.
   */
  private static final List<String> FAST_START = Boolean.getBoolean("kava.e2e.fastStart")
      ? List.of("-XX:TieredStopAtLevel=1") : List.of();
  private static final boolean CLASS_DATA = Boolean.getBoolean("kava.e2e.classData");

  private final Path repo;
  private final Path work;
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final int apiPort = ApiServerHarness.freePort();
  private final List<String> nodeNames = new ArrayList<>();
  private EtcdProcessCluster etcd;
  private ManagedProcess apiServer;
  private ManagedProcess scheduler;
  private ManagedProcess controllerManager;
  private boolean ha;
  private boolean controlPlaneOnly;
  private final List<String> leaderElectionFlags = new ArrayList<>();
  private final List<Integer> apiPorts = new ArrayList<>(List.of(apiPort));
  private final List<ManagedProcess> apiServers = new ArrayList<>();
  private final List<ManagedProcess> schedulers = new ArrayList<>();
  private final List<ManagedProcess> controllerManagers = new ArrayList<>();
  private final List<ManagedProcess> kubelets = new ArrayList<>();
  private int nodesStartedLater;
  private int hollowNodes;
  private final List<String> hollowNodeArgs = new ArrayList<>();
  private ManagedProcess hollow;
  private KavaClient client;
  private boolean services;
  /**
   * The pod network through CNI (issue 13), as deploy/up.sh: node IPAM hands each node a podCIDR of this
   * run's /20 and the kubelets run --network-plugin=cni. The default; KAVA_NETWORK_PLUGIN=docker or
   * -Dkava.e2e.cni=false gives every cluster Docker's bridge instead, {@link #withCniNetwork()} CNI to one.
   */
  private boolean cni = cniByDefault();
  /** This run's cluster CIDR (CNI only): a /20 of its own, so it shares no bridge with up.sh's or another run's. */
  private ClusterCidrLease clusterCidr;
  private final int serviceSubnet = 1 + new java.util.Random().nextInt(250);
  private final int dnsPort = ApiServerHarness.freePort();
  private ManagedProcess kubeProxy;
  private ManagedProcess dns;
  private final List<String> extraApiServerArgs = new ArrayList<>();
  private final List<String> extraControllerManagerArgs = new ArrayList<>();
  private final List<String> extraKubeletArgs = new ArrayList<>();
  private KubeadmSecurity security;

  TestCluster() throws IOException {
    repo = Path.of(System.getProperty("user.dir")).getParent();
    work = Files.createTempDirectory("kava-e2e-");
    withRealNodes(DEFAULT_REAL_NODES);
  }

  /** Also runs kube-proxy and the cluster DNS server; kubelets point pods at that DNS server. */
  TestCluster withServices() {
    services = true;
    return this;
  }

  /** CNI unless KAVA_NETWORK_PLUGIN=docker or -Dkava.e2e.cni=false (up.sh's variable, checked as up.sh does). */
  static boolean cniByDefault() {
    String plugin = System.getenv().getOrDefault("KAVA_NETWORK_PLUGIN", "cni");
    if (!plugin.equals("cni") && !plugin.equals("docker")) {
      throw new IllegalArgumentException("KAVA_NETWORK_PLUGIN must be docker or cni, got '" + plugin + "'");
    }
    return plugin.equals("cni") && !"false".equals(System.getProperty("kava.e2e.cni"));
  }

  /** Pods get their network through CNI: node IPAM in the controller manager, --network-plugin=cni kubelets. */
  TestCluster withCniNetwork() {
    cni = true;
    return this;
  }

  private String clusterCidr() {
    if (clusterCidr == null) {
      try {
        clusterCidr = ClusterCidrLease.acquire();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return clusterCidr.cidr();
  }

  /** A node's CNI dir (net.d, cache, and host-local's networks, which the kubelet puts there), as up.sh lays it out. */
  private Path cniDir(String node) {
    return work.resolve("kubelet").resolve(node).resolve("cni");
  }

  /** n real nodes instead of two (0: none, for a cluster of hollow nodes; at most four). */
  TestCluster withRealNodes(int n) {
    if (n > NODE_IPS.length) {
      throw new IllegalArgumentException("at most " + NODE_IPS.length + " real nodes, not " + n);
    }
    nodeNames.clear();
    for (int i = 0; i < n; i++) {
      nodeNames.add("e2e-" + run + "-node-" + (i + 1));
    }
    return this;
  }

  /**
   * The last k real nodes get their certificates and kubelet processes but start only with
   * {@link #startKubelet}: a node that joins a running cluster.
   */
  TestCluster withNodesStartedLater(int k) {
    nodesStartedLater = k;
    return this;
  }

  /** n hollow nodes in one JVM (more flags for it: --max-pods 30, --workers 4, ...), Ready before start returns. */
  TestCluster withHollowNodes(int n, String... args) {
    hollowNodes = n;
    hollowNodeArgs.addAll(List.of(args));
    return this;
  }

  /** Hollow node names are this prefix and 1..n. */
  String hollowNodePrefix() {
    return "e2e-" + run + "-hollow-";
  }

  /** The hollow nodes' JVM, or null. */
  ManagedProcess hollowNodesProcess() {
    return hollow;
  }

  /** More flags for the API server (a short --bootstrap-interval, short default tolerations, ...). */
  TestCluster withApiServerArgs(String... args) {
    extraApiServerArgs.addAll(List.of(args));
    return this;
  }

  /** 3 etcd members, 2 API servers, 2 schedulers, 2 controller managers. */
  TestCluster highlyAvailable() {
    ha = true;
    apiPorts.add(ApiServerHarness.freePort());
    return this;
  }

  /** etcd and the API servers only: no scheduler, controller manager or nodes. */
  TestCluster controlPlaneOnly() {
    controlPlaneOnly = true;
    return this;
  }

  /** Leader election timings of the schedulers and controller managers (upstream's 15s/10s/2s if not set). */
  TestCluster withLeaderElection(String leaseDuration, String renewDeadline, String retryPeriod) {
    leaderElectionFlags.addAll(List.of("--leader-elect-lease-duration", leaseDuration,
        "--leader-elect-renew-deadline", renewDeadline, "--leader-elect-retry-period", retryPeriod));
    return this;
  }

  /** More flags for the controller manager (e.g. a short --node-monitor-grace-period). */
  TestCluster withControllerManagerArgs(String... args) {
    extraControllerManagerArgs.addAll(List.of(args));
    return this;
  }

  /** More flags for every kubelet. */
  TestCluster withKubeletArgs(String... args) {
    extraKubeletArgs.addAll(List.of(args));
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

  /** Starts every process; when one fails to come up, stops those already started before rethrowing. */
  TestCluster start() throws IOException {
    try {
      return startProcesses();
    } catch (IOException | RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private TestCluster startProcesses() throws IOException {
    long startedAt = System.nanoTime();
    if (nodeNames.isEmpty()) {
      // Hollow nodes have no pod network, and a /20 holds podCIDRs for 16 nodes, not HollowNodesIT's 100.
      cni = false;
    }
    Path logs = repo.resolve("e2e/target/e2e-logs/" + run);
    // Every certificate first: etcd serves TLS only.
    ensureCertificates();
    ensureServiceAccountFiles();
    etcd = EtcdProcessCluster.start(ha ? 3 : 1, pki());
    String etcdServers = String.join(",", etcd.endpoints().stream().map(Object::toString).toList());
    Path encryptionConfig = encryptionConfig(logs);
    for (int i = 0; i < apiPorts.size(); i++) {
      List<String> apiArgs = new ArrayList<>(List.of("--listen", "127.0.0.1:" + apiPorts.get(i),
          "--etcd-servers", etcdServers));
      // Pods reach the API server through the kubernetes Service at the bridge address, as up.sh runs it.
      apiArgs.addAll(List.of("--listen", Docker.bridgeGateway() + ":" + apiPorts.get(i),
          "--advertise-address", Docker.bridgeGateway()));
      // Secrets encrypted in etcd as up.sh does it (issue 12).
      apiArgs.addAll(List.of("--encryption-provider-config", encryptionConfig.toString()));
      apiArgs.addAll(security.flags());
      apiArgs.addAll(backendTlsArgs());
      apiArgs.addAll(serviceAccountApiServerArgs());
      // The audit log as up.sh writes it (issue 12): deploy/audit-policy.yaml, one file per API server.
      apiArgs.addAll(List.of("--audit-policy-file", repo.resolve("deploy/audit-policy.yaml").toString(),
          "--audit-log-path", logs.resolve(numbered("api-server", i).replace(".log", "-audit.log")).toString()));
      if (services) {
        apiArgs.addAll(List.of("--service-cluster-ip-range", serviceCidr()));
      }
      apiArgs.addAll(extraApiServerArgs);
      apiServers.add(java("api-server", logs.resolve(numbered("api-server", i)), apiArgs.toArray(String[]::new)).start());
    }
    apiServer = apiServers.get(0);
    if (!controlPlaneOnly) {
      // Their JVMs start while the API server's does (two cores, one busy): each retries until it answers,
      // the leader elector every retry period, informers after a short backoff.
      startControlPlaneClients(logs);
    }
    apiPorts.forEach(TestCluster::awaitPort);
    client = KavaClient.connect(adminConfig());
    Awaitility.await("API server answers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.resource(Namespace.class).get("", "default") != null);
    if (controlPlaneOnly) {
      return this;
    }
    for (int i = 0; i < nodeNames.size(); i++) {
      List<String> args = new ArrayList<>(List.of("--server", apiServer(),
          "--node-name", nodeNames.get(i), "--node-ip", NODE_IPS[i], "--backoff-scale", "0.1",
          "--registry-pulls", "false", "--root-dir", work.resolve("kubelet").toString(),
          "--port", Integer.toString(ApiServerHarness.freePort()),
          "--kubeconfig", kubeconfig("kubelet-" + nodeNames.get(i)).toString()));
      if (services) {
        args.addAll(List.of("--cluster-dns", dnsServiceIp()));
      }
      if (cni) {
        args.addAll(List.of("--network-plugin", "cni", "--cni-conf-dir", cniDir(nodeNames.get(i)).resolve("net.d").toString(),
            "--cni-cache-dir", cniDir(nodeNames.get(i)).resolve("cache").toString()));
      }
      args.addAll(kubeletServingArgs(nodeNames.get(i)));
      args.addAll(extraKubeletArgs);
      ManagedProcess kubelet = java("kubelet", logs.resolve("kubelet-" + (i + 1) + ".log"), args.toArray(String[]::new));
      kubelets.add(i < nodeNames.size() - nodesStartedLater ? kubelet.start() : kubelet);
    }
    if (hollowNodes > 0) {
      List<String> args = new ArrayList<>(List.of("--server", apiServer(), "--count", Integer.toString(hollowNodes),
          "--node-prefix", hollowNodePrefix(), "--kubeconfig", kubeconfig("admin").toString()));
      args.addAll(hollowNodeArgs);
      // About 0.5 MB of heap per hollow node and its pods (docs/benchmarks.md measures 1000), as up.sh gives.
      hollow = javaMain("kubelet", "io.kava.kubelet.hollow.HollowNodesCommand", logs.resolve("hollow-nodes.log"),
          List.of("-Xmx" + (256 + hollowNodes / 2) + "m", "-Xss256k"), args.toArray(String[]::new)).start();
    }
    Awaitility.await("every node Ready").atMost(Duration.ofSeconds(90 + hollowNodes / 20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> readyNodes() == nodeNames.size() - nodesStartedLater + hollowNodes);
    // The ServiceAccount admission refuses a pod whose ServiceAccount does not exist yet, and the controller
    // manager makes "default" only after it leads: wait for it, as upstream's e2e framework does (CI hit it).
    Awaitility.await("the default ServiceAccount").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.resource(ServiceAccount.class).get("default", "default") != null);
    // The suite's wall time is mostly cluster starts: docs/benchmarks.md ("Test suite wall time") reads this.
    System.out.printf("Test cluster %s: every node Ready %d ms after start%n", run,
        (System.nanoTime() - startedAt) / 1_000_000);
    return this;
  }

  /** Schedulers, controller managers, and with services kube-proxy and the DNS server. */
  private void startControlPlaneClients(Path logs) throws IOException {
    for (int i = 0; i < (ha ? 2 : 1); i++) {
      schedulers.add(java("scheduler", logs.resolve(numbered("scheduler", i)), leaderArgs("scheduler")).start());
      controllerManagers.add(java("controller-manager", logs.resolve(numbered("controller-manager", i)),
          controllerManagerArgs()).start());
    }
    scheduler = schedulers.get(0);
    controllerManager = controllerManagers.get(0);
    if (services) {
      kubeProxy = java("kube-proxy", logs.resolve("kube-proxy.log"), kubeProxyArgs(false)).start();
      dns = java("dns", logs.resolve("dns.log"), "--server", apiServer(), "--kubeconfig", kubeconfig("dns").toString(),
          "--listen", Docker.bridgeGateway() + ":" + dnsPort, "--service-cluster-ip-range", serviceCidr(),
          "--cluster-ip", dnsServiceIp()).start();
    }
  }

  // --- etcd and kubelets over TLS with client certificates (issue 12), as deploy/up.sh runs them ---

  /** The cluster's certificates, kubeadm's layout under the work directory (ClusterCertificates keeps what exists). */
  private Path pki() {
    return work.resolve("pki");
  }

  /** The API server's client certificates towards etcd and the kubelets, and the CAs it checks them with. */
  private List<String> backendTlsArgs() {
    Path pki = pki();
    return List.of("--etcd-cafile", pki.resolve("etcd/ca.crt").toString(),
        "--etcd-certfile", pki.resolve("apiserver-etcd-client.crt").toString(),
        "--etcd-keyfile", pki.resolve("apiserver-etcd-client.key").toString(),
        "--kubelet-client-certificate", pki.resolve("apiserver-kubelet-client.crt").toString(),
        "--kubelet-client-key", pki.resolve("apiserver-kubelet-client.key").toString(),
        "--kubelet-certificate-authority", pki.resolve("ca.crt").toString());
  }

  /** A kubelet's API served over TLS, client certificates of the cluster CA required (no anonymous callers), callers authorized by the API server. */
  private List<String> kubeletServingArgs(String nodeName) {
    Path pki = pki();
    return List.of("--tls-cert-file", pki.resolve("kubelet-" + nodeName + "-serving.crt").toString(),
        "--tls-private-key-file", pki.resolve("kubelet-" + nodeName + "-serving.key").toString(),
        "--client-ca-file", pki.resolve("ca.crt").toString(), "--authorization-mode", "Webhook", "--anonymous-auth=false");
  }

  /** An aesgcm EncryptionConfiguration for Secrets with a fresh 32-byte key, as up.sh writes it. */
  private static Path encryptionConfig(Path dir) throws IOException {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    java.nio.file.Files.createDirectories(dir);
    return java.nio.file.Files.writeString(dir.resolve("encryption-config.yaml"), String.join("\n",
        "apiVersion: apiserver.config.k8s.io/v1", "kind: EncryptionConfiguration", "resources:",
        "  - resources: [secrets]", "    providers:", "      - aesgcm:", "          keys:", "            - name: key1",
        "              secret: " + java.util.Base64.getEncoder().encodeToString(key), "      - identity: {}", ""));
  }

  // ServiceAccounts on, as kubeadm and up.sh (issue 12): the token signing pair pki/sa.key + pki/sa.pub, and
  // the cluster CA (ensureCertificates' pki/ca.crt) that the root-ca-cert-publisher puts in kube-root-ca.crt.

  /** Made once per cluster; a restarted process finds them (KeyFiles keeps what exists). */
  private void ensureServiceAccountFiles() {
    io.kava.apiserver.serviceaccount.KeyFiles.ensure(pki().resolve("sa.key"), pki().resolve("sa.pub"));
  }

  /** The cluster CA the controller manager's --root-ca-file names (every namespace's kube-root-ca.crt). */
  Path rootCaFile() {
    return pki().resolve("ca.crt");
  }

  private List<String> serviceAccountApiServerArgs() {
    return List.of("--service-account-signing-key-file", pki().resolve("sa.key").toString(),
        "--service-account-key-file", pki().resolve("sa.pub").toString());
  }

  /** The audit log of the index-th API server (JSON lines, deploy/audit-policy.yaml). */
  Path auditLog(int index) {
    return repo.resolve("e2e/target/e2e-logs/" + run).resolve(numbered("api-server", index).replace(".log", "-audit.log"));
  }

  /** "api-server.log" without HA (as before), "api-server-1.log", "api-server-2.log" with it. */
  private String numbered(String name, int index) {
    return ha ? name + "-" + (index + 1) + ".log" : name + ".log";
  }

  private String[] leaderArgs(String identity) {
    List<String> args = new ArrayList<>(List.of("--server", apiServer(), "--kubeconfig", kubeconfig(identity).toString()));
    args.addAll(leaderElectionFlags);
    return args.toArray(String[]::new);
  }

  private String[] controllerManagerArgs() {
    List<String> args = new ArrayList<>(List.of(leaderArgs("controller-manager")));
    // The local-path provisioner's volumes live in the cluster's work directory, removed with it.
    args.addAll(List.of("--local-path-dir", work.resolve("local-path").toString()));
    args.addAll(List.of("--root-ca-file", rootCaFile().toString()));
    // Approved CSRs are signed with the cluster CA, as kubeadm and up.sh pass it.
    args.addAll(List.of("--cluster-signing-cert-file", work.resolve("pki/ca.crt").toString(),
        "--cluster-signing-key-file", work.resolve("pki/ca.key").toString()));
    if (cni) {
      args.addAll(List.of("--allocate-node-cidrs", "--cluster-cidr", clusterCidr(), "--node-cidr-mask-size", "24"));
    }
    // As up.sh (CIS 1.3.3): each controller as its own ServiceAccount, so a rule missing from its role shows here.
    args.add("--use-service-account-credentials=true");
    args.addAll(extraControllerManagerArgs);
    return args.toArray(String[]::new);
  }

  private long readyNodes() {
    return client.resource(Node.class).list(ListOptions.all()).items().stream()
        .filter(n -> nodeNames.contains(n.getMetadata().getName())
            || n.getMetadata().getName().startsWith(hollowNodePrefix()))
        .filter(n -> n.getStatus().getConditionsList().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .count();
  }

  KavaClient client() {
    return client;
  }

  /** The cluster's etcd (fault-injection tests stop it, empty it, start it). */
  EtcdProcessCluster etcd() {
    return etcd;
  }

  /** Every API server's address, comma-separated, as each component's --server gets it. */
  String apiServer() {
    return String.join(",", apiPorts.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  /** One API server's address. */
  String apiServer(int index) {
    return "127.0.0.1:" + apiPorts.get(index);
  }

  ManagedProcess apiServerProcess(int index) {
    return apiServers.get(index);
  }

  void startApiServer(int index) throws IOException {
    apiServers.get(index).start();
    awaitPort(apiPorts.get(index));
  }

  List<ManagedProcess> schedulers() {
    return schedulers;
  }

  List<ManagedProcess> controllerManagers() {
    return controllerManagers;
  }

  List<ManagedProcess> kubelets() {
    return kubelets;
  }

  /**
   * The process (of {@code candidates}) that holds Lease kube-system/{@code lease}, or null: each
   * logs its identity when it starts campaigning, and the Lease names the holder's identity.
   */
  ManagedProcess leaseHolder(String lease, List<ManagedProcess> candidates) {
    String holder;
    try {
      holder = client.resource(io.kava.api.coordination.v1.Lease.class).get("kube-system", lease)
          .getSpec().getHolderIdentity();
    } catch (ApiException e) {
      return null;
    }
    if (holder.isEmpty()) {
      return null;
    }
    for (ManagedProcess p : candidates) {
      if (p.isAlive() && p.logContains(" as " + holder)) {
        return p;
      }
    }
    return null;
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
        "--cluster-tag", proxyTag(), "--kubeconfig", kubeconfig("kube-proxy").toString()));
    if (cleanup) {
      args.add("--cleanup");
    } else if (cni) {
      args.addAll(List.of("--cluster-cidr", clusterCidr(), "--hairpin-bridge", ""));
    }
    return args.toArray(String[]::new);
  }

  ManagedProcess kubeProxyProcess() {
    return kubeProxy;
  }

  ManagedProcess dnsProcess() {
    return dns;
  }

  void stopKubeProxy() {
    kubeProxy.stop();
  }

  void startKubeProxy() throws IOException {
    kubeProxy.start();
  }

  /** What down.sh runs: CNI DEL of the sandboxes left, each node's kbr-* bridge and host-local store, the guard last. */
  private void cleanupCni() {
    List<String> args = new ArrayList<>(List.of("--remove-guard"));
    nodeNames.forEach(n -> args.add(cniDir(n).toString()));
    try {
      ManagedProcess cleanup = javaMain("kubelet", "io.kava.kubelet.network.CniCleanup",
          repo.resolve("e2e/target/e2e-logs/" + run).resolve("cni-cleanup.log"),
          List.of(), args.toArray(String[]::new)).start();
      if (!cleanup.waitFor(Duration.ofSeconds(30))) {
        System.out.printf("Test cluster %s: the CNI cleanup did not finish in 30 s (see cni-cleanup.log)%n", run);
      }
    } catch (IOException e) {
      System.out.printf("Test cluster %s: could not run the CNI cleanup: %s%n", run, e.getMessage());
    }
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

  /** kill -9 of one kubelet: its node stops renewing its Lease, its containers keep running. */
  void killKubelet(int index) {
    kubelets.get(index).kill();
  }

  void startKubelet(int index) throws IOException {
    kubelets.get(index).start();
  }

  /** SIGTERM of one kubelet, as stopping a node's agent: its containers keep running until the cluster closes. */
  void stopKubelet(int index) {
    kubelets.get(index).stop();
  }

  void restartKubelet(int index) throws IOException {
    kubelets.get(index).stop();
    kubelets.get(index).start();
  }

  // --- Security (issue 12): the cluster's certificates, the API server's flags, the admin's and other users' clients ---

  /** The CA, serving and client certificates and one kubeconfig per identity under the work directory, as up.sh. */
  private void ensureCertificates() {
    List<ClusterCertificates.Node> nodes = new ArrayList<>();
    for (int i = 0; i < nodeNames.size(); i++) {
      nodes.add(new ClusterCertificates.Node(nodeNames.get(i), NODE_IPS[i]));
    }
    security = KubeadmSecurity.in(work, services ? serviceCidr() : io.kava.client.net.ServiceCidr.DEFAULT, apiServer(), nodes,
        List.of("127.0.0.1", Docker.bridgeGateway()));
  }

  /** The kubeconfig of an identity: admin, scheduler, controller-manager, kube-proxy, dns, kubelet-NODE. */
  Path kubeconfig(String identity) {
    return security.kubeconfig(identity);
  }

  /** The admin's connection settings (kubernetes-admin in system:masters), naming every API server. */
  ClientConfig adminConfig() {
    return security.admin();
  }

  /** A new connection as the admin; the caller closes it. */
  KavaClient adminClient() {
    return KavaClient.connect(adminConfig());
  }

  /** A kubeconfig file (in the work directory) of USER in GROUPS, signed by the cluster CA. */
  Path kubeconfigAs(String user, String... groups) {
    Path file = work.resolve("user-" + user.replaceAll("[^A-Za-z0-9.-]", "_") + ".kubeconfig");
    PrivateFiles.write(file, security.userKubeconfig(user, groups));
    return file;
  }

  /** A new connection as USER in GROUPS (with system:authenticated); the caller closes it. */
  KavaClient clientAs(String user, String... groups) {
    return KavaClient.connect(security.user(user, groups));
  }

  /** The JVM options deploy/up.sh gives a module's process (java's @argument files under deploy/jvm). */
  static List<String> jvmOptions(Path repo, String module) {
    Path options = repo.resolve("deploy/jvm");
    List<String> opts = new ArrayList<>(List.of("@" + options.resolve("common.options")));
    if (Files.exists(options.resolve(module + ".options"))) {
      opts.add("@" + options.resolve(module + ".options"));
    }
    return opts;
  }

  private ManagedProcess java(String module, Path log, String... args) {
    return javaMain(module, null, log, List.of(), args);
  }

  /**
   * A module's jar with its manifest's main class, or another main class of it (on its classpath: the hollow
   * nodes), with deploy/jvm's options for that process and then EXTRA_OPTIONS (later wins).
   */
  private ManagedProcess javaMain(String module, String mainClass, Path log, List<String> extraOptions,
      String... args) {
    Path jar = repo.resolve(module + "/target/kava-" + module + ".jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` first");
    }
    List<String> command = new ArrayList<>(List.of("java"));
    String process = mainClass == null ? module : "hollow-nodes";
    command.addAll(jvmOptions(repo, process));
    command.addAll(FAST_START);
    command.addAll(extraOptions);
    command.addAll(mainClass == null ? List.of("-jar", jar.toString()) : List.of("-cp", jar.toString(), mainClass));
    command.addAll(List.of(args));
    ManagedProcess managed = new ManagedProcess(process, command, log);
    return CLASS_DATA ? managed.withClassData(ClassDataArchive.of(jar, process)) : managed;
  }

  @Override
  public void close() {
    long closingAt = System.nanoTime();
    if (client != null) {
      client.close();
    }
    // Nodes first, then the API server's clients, then the API servers; each stage's processes side by side.
    List<ManagedProcess> nodes = new ArrayList<>(kubelets);
    nodes.add(hollow);
    List<ManagedProcess> clients = new ArrayList<>(java.util.Arrays.asList(dns, kubeProxy));
    clients.addAll(controllerManagers);
    clients.addAll(schedulers);
    for (List<ManagedProcess> stage : List.of(nodes, clients, apiServers)) {
      stopTogether(stage);
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
    if (cni) {
      cleanupCni();
    }
    if (clusterCidr != null) {
      clusterCidr.close();
    }
    deleteRecursively(work);
    System.out.printf("Test cluster %s: closed in %d ms%n", run, (System.nanoTime() - closingAt) / 1_000_000);
  }

  private static void stopTogether(List<ManagedProcess> processes) {
    List<ManagedProcess> started = processes.stream().filter(java.util.Objects::nonNull).toList();
    started.forEach(ManagedProcess::signalStop);
    started.forEach(ManagedProcess::stop);
  }

  private static void awaitPort(int port) {
    Awaitility.await("port " + port + " listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files only
    }
  }
}
