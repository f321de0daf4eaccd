package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.apiserver.testing.ApiServerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's cluster command as a user runs it, on a state directory, ports, node address and service
 * range of its own (so it never meets the developer's cluster): up.sh brings up a one-node cluster with
 * kube-proxy and the cluster DNS, a Service gets its rules, and down.sh leaves no chain and no guard of
 * this cluster in iptables, while a second cluster on the same machine keeps its rules and its traffic.
 */
class DeployScriptsIT {
  private final int apiPort = ApiServerHarness.freePort();
  private final int etcdPort = ApiServerHarness.freePort();
  private final int etcdPeerPort = ApiServerHarness.freePort();
  private final int dnsPort = ApiServerHarness.freePort();
  private final String serviceCidr = "10.241." + (1 + new java.util.Random().nextInt(250)) + ".0/24";
  private final String tag = "KV" + apiPort;
  private Path stateDir;

  /** Runs a deploy script with this test's state directory; returns its exit code, its output in `out`. */
  private int script(List<String> out, String... command) {
    DeployScript.Result result = DeployScript.run(stateDir, command);
    out.add(result.output());
    return result.exitCode();
  }

  @AfterEach
  void downEvenIfTheTestFailed() throws Exception {
    if (stateDir != null && Files.exists(stateDir.resolve("run"))) {
      script(new ArrayList<>(), "deploy/down.sh", "--purge");
    }
  }

  @Test
  void upShStartsKubeProxyAndTheDnsAndDownShLeavesNoChainOfTheCluster() throws Exception {
    stateDir = Files.createTempDirectory("kava-deploy-it-");
    List<String> out = new ArrayList<>();
    int up = script(out, "deploy/up.sh", "--nodes", "1", "--etcd-port", "" + etcdPort,
        "--etcd-peer-port", "" + etcdPeerPort, "--api-port", "" + apiPort, "--node-prefix", "deploy-it-",
        "--first-node-ip", "127.0.0.31", "--service-cidr", serviceCidr, "--dns-port", "" + dnsPort,
        "--no-build", "--no-images");
    assertThat(up).as(out.get(0)).isZero();
    assertThat(out.get(0)).contains("kube-proxy").contains("dns");

    // The CIS walk (docs/cis.md) against this up.sh cluster: no check fails.
    List<String> cis = new ArrayList<>();
    assertThat(script(cis, "deploy/cis-check.sh", stateDir.toString())).as(cis.get(0)).isZero();
    assertThat(cis.get(0)).contains("[PASS] 1.2.1 ", "[PASS] 1.2.15 ", "[PASS] 1.1.21 ", "[PASS] 2.7 ", "[PASS] 4.2.1 ",
        "[PASS] 4.2.10 ", "[PASS] 4.2.5 ", "[PASS] 4.2.11 ", "[PASS] 4.2.13 ", "[PASS] 1.2.9 ", "[PASS] 1.2.20 ", "[PASS] 1.3.3 ", "0 checks FAIL");
    // Strong suites only on both TLS servers, and (this test runs as root) etcd as the etcd user on an etcd:etcd directory.
    assertThat(cis.get(0)).contains("[PASS] 1.1.11 ", "[PASS] 1.1.12 ", "[PASS] 1.2.29 ", "[PASS] 4.2.12 ");
    // --rotate-server-certificates: the kubelet's serving CSR is approved (its own addresses) and signed.
    Path servingPair = stateDir.resolve("kubelet/pki/deploy-it-1/kubelet-server-current.pem");
    org.awaitility.Awaitility.await("the kubelet's rotated serving certificate").atMost(java.time.Duration.ofSeconds(60))
        .until(() -> Files.exists(servingPair));

    List<String> created = new ArrayList<>();
    assertThat(script(created, "deploy/kavactl", "create", "service", "clusterip", "probe", "--tcp=80:8080"))
        .as(created.get(0)).isZero();
    List<String> svc = new ArrayList<>();
    script(svc, "deploy/kavactl", "get", "svc", "probe", "kubernetes", "-n", "default");
    String prefix = serviceCidr.substring(0, serviceCidr.lastIndexOf('.') + 1);
    assertThat(svc.get(0)).contains("probe", "ClusterIP", prefix);
    List<String> dnsSvc = new ArrayList<>();
    script(dnsSvc, "deploy/kavactl", "get", "svc", "kube-dns", "-n", "kube-system");
    assertThat(dnsSvc.get(0)).contains(prefix + "10", "53/UDP,53/TCP");
    // kube-proxy's chains of this cluster and its guard are in the kernel: a rule for the kube-dns address.
    org.awaitility.Awaitility.await("rules of cluster " + tag).atMost(java.time.Duration.ofSeconds(30))
        .until(() -> Docker.iptablesSave().contains(tag + "-SERVICES") && Docker.iptablesSave().contains(prefix + "10/32"));
    assertThat(Docker.iptablesSave()).contains("-d " + serviceCidr + " -m comment --comment \"kava-proxy " + tag);

    try (TestCluster other = new TestCluster().withServices().start()) {
      Workloads workloads = new Workloads(other.client());
      workloads.create("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
            labels:
              app: web
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: web
              image: nginx:1.14.2
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: web
          spec:
            selector:
              app: web
            ports:
            - port: 80
          """);
      workloads.awaitEndpoints("default", "web", List.of(workloads.awaitReadyPod("default", "web")));
      String otherIp = workloads.service("default", "web").getSpec().getClusterIp();
      org.awaitility.Awaitility.await("the other cluster's Service answers").atMost(java.time.Duration.ofSeconds(30))
          .until(() -> HttpProbe.tryGet(otherIp, 80, "/hostname", 2000) != null);

      List<String> down = new ArrayList<>();
      assertThat(script(down, "deploy/down.sh", "--purge")).as(down.get(0)).isZero();
      assertThat(stateDir).as("down.sh --purge removes the whole state directory, the kubelets' too").doesNotExist();
      String after = Docker.iptablesSave();
      assertThat(after).doesNotContain(tag + "-").doesNotContain(serviceCidr);
      // The other cluster's chains, guard and traffic are untouched by this cluster's cleanup.
      assertThat(after).contains(other.proxyTag() + "-SERVICES").contains("-d " + other.serviceCidr());
      assertThat(HttpProbe.tryGet(otherIp, 80, "/hostname", 2000)).isEqualTo("web");
    }
  }
}
