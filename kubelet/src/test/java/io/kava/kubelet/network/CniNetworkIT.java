package io.kava.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.client.net.PodNetworkGuard;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.runtime.TestDocker;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNI runtime on real Docker with Debian's real plugins (/usr/lib/cni) and a real bridge: a sandbox
 * gets an address of the node's podCIDR, two pods reach each other, a hostPort answers, DEL frees the address.
 * The podCIDR is a high 10.244.x.0/24 of its own (bridge kbr-x), so a local cluster's nodes are not touched.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CniNetworkIT {
  private static final Path BIN_DIR = Path.of("/usr/lib/cni");

  @TempDir
  Path dir;
  private TestDocker docker;
  private CniRuntime runtime;
  private String podCidr;
  private boolean guardWasThere;

  @BeforeEach
  void setUp() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(BIN_DIR.resolve("bridge")),
        "CNI plugins are installed (deploy/install-prereqs.sh: containernetworking-plugins)");
    docker = new TestDocker("cni-it");
    podCidr = "10.244." + ThreadLocalRandom.current().nextInt(200, 250) + ".0/24";
    guardWasThere = iptables("-n", "-L", PodNetworkGuard.CHAIN) == 0;
    runtime = new CniRuntime(docker.runtime(), new CniNetwork(CniPlugin.binaries(BIN_DIR), dir.resolve("cache")),
        dir.resolve("net.d"), dir.resolve("networks"), PodNetworkGuard.standard(PodNetworkGuard.command()));
    runtime.observe(Node.newBuilder().setSpec(NodeSpec.newBuilder().setPodCidr(podCidr)).build());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (docker == null) {
      return;
    }
    for (var c : docker.runtime().listContainers(docker.labels())) {
      runtime.removeContainer(c.id()); // DEL first for sandboxes
    }
    docker.close();
    // What down.sh runs: DEL of anything left, the bridge, the host-local store (and the guard if this test made it).
    List<String> args = new java.util.ArrayList<>(List.of("--cni-bin-dir", BIN_DIR.toString()));
    if (!guardWasThere) {
      args.add("--remove-guard");
    }
    args.add(dir.toString());
    assertThat(new picocli.CommandLine(new CniCleanup()).execute(args.toArray(String[]::new))).isZero();
    assertThat(CniCleanup.bridges()).doesNotContain(CniConfig.bridgeName(podCidr));
  }

  private Map<String, String> labels(String pod, String container) {
    Map<String, String> labels = new HashMap<>(docker.labels());
    labels.put(ContainerLabels.POD_NAMESPACE, "default");
    labels.put(ContainerLabels.POD_NAME, pod);
    labels.put(ContainerLabels.CONTAINER_NAME, container);
    return labels;
  }

  /** A running sandbox with its app container serving "hello from POD" on port 80; returns the sandbox id. */
  private String pod(String name, List<ContainerConfig.PortMapping> hostPorts) throws Exception {
    String sandbox = runtime.createContainer(new ContainerConfig(docker.node() + "-" + name + "-pod", TestDocker.PAUSE,
        List.of(), List.of(), List.of(), "", labels(name, ContainerLabels.SANDBOX_NAME), name, null, hostPorts,
        ContainerConfig.Resources.NONE));
    runtime.startContainer(sandbox);
    String app = runtime.createContainer(new ContainerConfig(docker.node() + "-" + name + "-app", TestDocker.BUSYBOX,
        List.of("sh", "-c", "mkdir -p /www && echo hello from " + name + " > /www/index.html && exec httpd -f -p 80 -h /www"),
        List.of(), List.of(), "", labels(name, "app"), null, "container:" + sandbox, List.of(),
        ContainerConfig.Resources.NONE));
    runtime.startContainer(app);
    return sandbox;
  }

  @Test
  void podsGetAddressesOfThePodCidrReachEachOtherAndTheHostPortAndDelFreesTheAddress() throws Exception {
    int hostPort;
    try (ServerSocket s = new ServerSocket(0)) {
      hostPort = s.getLocalPort();
    }
    String a = pod("a", List.of(new ContainerConfig.PortMapping("127.0.0.1", hostPort, 80, "TCP")));
    String b = pod("b", List.of());
    String ipA = runtime.inspectContainer(a).orElseThrow().ipAddress();
    String ipB = runtime.inspectContainer(b).orElseThrow().ipAddress();
    String prefix = podCidr.substring(0, podCidr.lastIndexOf('.') + 1);
    assertThat(ipA).startsWith(prefix).isNotEqualTo(ipB);
    assertThat(ipB).startsWith(prefix);

    // Pod to pod, by pod IP, from b's network namespace (its app container) to a's server.
    String appB = docker.runtime().listContainers(labels("b", "app")).get(0).id();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      ExecResult r = runtime.exec(appB, List.of("timeout", "3", "wget", "-qO-", "http://" + ipA + "/"),
          Duration.ofSeconds(5));
      assertThat(r.output()).contains("hello from a");
    });

    // hostPort through portmap, from the host.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(get("http://127.0.0.1:" + hostPort + "/")).contains("hello from a"));

    // DEL (on removal) frees a's address in host-local's store.
    Path allocation = dir.resolve("networks").resolve(CniConfig.NETWORK_NAME).resolve(ipA);
    assertThat(allocation).exists();
    runtime.removeContainer(a);
    assertThat(allocation).doesNotExist();
    assertThat(dir.resolve("cache").resolve("results")).isDirectoryNotContaining("glob:**" + a + "*");
  }

  private static String get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(2000);
    try (var in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static int iptables(String... args) {
    return PodNetworkGuard.command().run(PodNetworkGuard.FILTER, List.of(args));
  }
}
