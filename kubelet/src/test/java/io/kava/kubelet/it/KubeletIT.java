package io.kava.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.ApiServer;
import io.kava.apiserver.ApiServerConfig;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.kubelet.Kubelet;
import io.kava.kubelet.KubeletConfig;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.TestDocker;
import io.kava.kubelet.testing.TestPods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real kubelet against the real API server (in-process, on a real etcd process) and real Docker:
 * the node registers, a bound pod runs, a killed container restarts, the API server going away does
 * not stop the pod, a restarted kubelet adopts its containers, and a deleted pod is cleaned up.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubeletIT {
  private static EtcdProcessCluster etcd;
  private ApiServer apiServer;
  private ApiServerConfig apiConfig;
  private KavaClient client;
  private TestDocker docker;
  private Kubelet kubelet;
  private KubeletConfig config;
  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path rootDir;

  @BeforeAll
  static void startEtcd() throws IOException {
    etcd = EtcdProcessCluster.start(1);
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    etcd.close();
  }

  @BeforeEach
  void setUp() throws IOException {
    docker = new TestDocker("kubelet-it");
    apiConfig = ApiServerConfig.defaults(etcd.endpoints())
        .withListen(new InetSocketAddress("127.0.0.1", ApiServerHarness.freePort()))
        .withBookmarkInterval(Duration.ofSeconds(1));
    apiServer = new ApiServer(apiConfig).start();
    await().atMost(Duration.ofSeconds(20)).until(apiServer::systemNamespacesReady);
    client = KavaClient.connect("127.0.0.1:" + apiConfig.listen().getPort());
    config = KubeletConfig.defaults("127.0.0.1:" + apiConfig.listen().getPort(), docker.node(), "127.0.0.1")
        .withBackoffScale(0.1).withSyncPeriod(Duration.ofSeconds(2)).withNodeStatusPeriod(Duration.ofSeconds(1))
        .withRootDir(rootDir).withRegistryPulls(false); // no registry here: nothing may leave the machine
    startKubelet();
  }

  @AfterEach
  void tearDown() {
    if (kubelet != null) {
      kubelet.close();
    }
    client.close();
    apiServer.close();
    docker.close();
  }

  private void startKubelet() {
    kubelet = new Kubelet(config, client, docker.runtime());
    kubelet.start();
  }

  private Pod pod(String name) {
    return client.resource(Pod.class).get("default", name);
  }

  private ContainerStatus status(String pod, String container) {
    return pod(pod).getStatus().getContainerStatusesList().stream().filter(s -> s.getName().equals(container))
        .findFirst().orElseThrow();
  }

  private List<ContainerSummary> containersOf(String container) {
    Map<String, String> labels = new HashMap<>(docker.labels());
    labels.put("io.kava.container.name", container);
    return docker.runtime().listContainers(labels);
  }

  /** A container that ends at once on SIGTERM, so deletions do not wait out the grace period. */
  private Pod boundPod(String name) {
    return TestPods.pod(name, docker.node(),
        TestPods.container("app", "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done"))
        .toBuilder().clearStatus()
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setNamespace("default").setName(name))
        .build();
  }

  private static void dockerCli(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("docker %s: %s", String.join(" ", args), out).isZero();
  }

  @Test
  void registersTheNodeAndKeepsItReadyWithALease() {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(ApiException.class).untilAsserted(() -> {
      Node node = client.resource(Node.class).get("", docker.node());
      assertThat(node.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/hostname", docker.node())
          .containsEntry("kubernetes.io/os", "linux");
      assertThat(node.getStatus().getConditionsList()).anyMatch(c -> c.getType().equals("Ready")
          && c.getStatus().equals("True"));
      assertThat(node.getStatus().getCapacityMap()).containsEntry("pods", "110").containsKeys("cpu", "memory");
      assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("docker://");
      Lease lease = client.resource(Lease.class).get("kube-node-lease", docker.node());
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(docker.node());
    });
    String heartbeat = client.resource(Node.class).get("", docker.node()).getStatus().getConditionsList().stream()
        .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getLastHeartbeatTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> !client.resource(Node.class).get("", docker.node())
        .getStatus().getConditionsList().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow()
        .getLastHeartbeatTime().equals(heartbeat));
  }

  @Test
  void runsABoundPodRestartsAKilledContainerAndCleansUpOnDelete() throws Exception {
    client.resource(Pod.class).create(boundPod("web"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Pod pod = pod("web");
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(pod.getStatus().getPodIp()).isNotEmpty();
      assertThat(pod.getStatus().getHostIp()).isEqualTo("127.0.0.1");
      assertThat(pod.getStatus().getConditionsList()).anyMatch(c -> c.getType().equals("Ready")
          && c.getStatus().equals("True"));
    });
    String podIp = pod("web").getStatus().getPodIp();
    assertThat(docker.runtime().inspectContainer(containersOf("POD").get(0).id()).orElseThrow().ipAddress())
        .isEqualTo(podIp);
    String first = containersOf("app").get(0).id();
    assertThat(status("web", "app").getContainerId()).isEqualTo("docker://" + first);

    dockerCli("kill", first);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ContainerStatus s = status("web", "app");
      assertThat(s.getRestartCount()).isEqualTo(1);
      assertThat(s.getState().hasRunning()).isTrue();
      assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<String> reasons = client.resource(Event.class).list(ListOptions.inNamespace("default")).items().stream()
          .filter(e -> e.getInvolvedObject().getName().equals("web")).map(Event::getReason).toList();
      assertThat(reasons).contains("Pulled", "Created", "Started");
    });

    client.resource(Pod.class).delete("default", "web");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(docker.runtime().listContainers(docker.labels())).isEmpty();
      assertThat(client.resource(Pod.class).list(ListOptions.inNamespace("default")).items())
          .noneMatch(p -> p.getMetadata().getName().equals("web"));
    });
  }

  @Test
  void podContainersSeeTheClusterResolvConfAndServiceVariables() throws Exception {
    // The tutorial's my-nginx Service, with a cluster IP of the default range; nothing is ever sent to it.
    client.resource(io.kava.api.core.v1.Service.class).create(io.kava.api.core.v1.Service.newBuilder()
        .setApiVersion("v1").setKind("Service")
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setNamespace("default").setName("my-nginx"))
        .setSpec(io.kava.api.core.v1.ServiceSpec.newBuilder().setClusterIp("10.96.200.17").putSelector("run", "my-nginx")
            .addPorts(io.kava.api.core.v1.ServicePort.newBuilder().setPort(80).setProtocol("TCP")))
        .build());
    // Restarted, so that its first Service list has my-nginx (as upstream, only Services known when a
    // container is created count).
    kubelet.close();
    startKubelet();
    client.resource(Pod.class).create(boundPod("dns"));
    await().atMost(Duration.ofSeconds(30)).until(() -> pod("dns").getStatus().getPhase().equals("Running"));
    String app = containersOf("app").get(0).id();

    var resolv = docker.runtime().exec(app, List.of("cat", "/etc/resolv.conf"), Duration.ofSeconds(10));
    assertThat(resolv.exitCode()).isZero();
    assertThat(resolv.output()).contains("nameserver 10.96.0.10\n")
        .contains("search default.svc.cluster.local svc.cluster.local cluster.local")
        .contains("options ndots:5");
    var env = docker.runtime().exec(app, List.of("env"), Duration.ofSeconds(10));
    assertThat(env.output().lines().toList()).contains("MY_NGINX_SERVICE_HOST=10.96.200.17",
        "MY_NGINX_SERVICE_PORT=80", "MY_NGINX_PORT=tcp://10.96.200.17:80", "MY_NGINX_PORT_80_TCP=tcp://10.96.200.17:80",
        "MY_NGINX_PORT_80_TCP_PROTO=tcp", "MY_NGINX_PORT_80_TCP_PORT=80", "MY_NGINX_PORT_80_TCP_ADDR=10.96.200.17");
  }

  @Test
  void keepsPodsRunningWhileTheApiServerIsAwayAndCatchesUpAfter() throws Exception {
    client.resource(Pod.class).create(boundPod("steady"));
    await().atMost(Duration.ofSeconds(30)).until(() -> pod("steady").getStatus().getPhase().equals("Running"));
    apiServer.close();

    String running = containersOf("app").get(0).id();
    dockerCli("kill", running);
    // Restarted from the kubelet's own cache while nobody can be told.
    await().atMost(Duration.ofSeconds(20)).until(() -> containersOf("app").stream()
        .anyMatch(c -> !c.id().equals(running) && c.state() == io.kava.kubelet.runtime.ContainerState.RUNNING));

    apiServer = new ApiServer(apiConfig).start();
    await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ApiException.class).untilAsserted(() ->
        assertThat(status("steady", "app").getRestartCount()).isEqualTo(1));
    assertThat(status("steady", "app").getState().hasRunning()).isTrue();
  }

  @Test
  void aRestartedKubeletAdoptsItsContainers() {
    client.resource(Pod.class).create(boundPod("adopted"));
    await().atMost(Duration.ofSeconds(30)).until(() -> pod("adopted").getStatus().getPhase().equals("Running"));
    List<String> before = docker.runtime().listContainers(docker.labels()).stream().map(ContainerSummary::id)
        .sorted().toList();
    kubelet.close();
    startKubelet();
    // Let the new kubelet sync the pod a few times (its periodic sync is 2 s), then compare.
    String rv = pod("adopted").getMetadata().getResourceVersion();
    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(docker.runtime().listContainers(docker.labels()).stream().map(ContainerSummary::id).sorted().toList())
          .isEqualTo(before);
      assertThat(status("adopted", "app").getRestartCount()).isZero();
    });
    assertThat(pod("adopted").getMetadata().getResourceVersion()).as("no status change to write").isEqualTo(rv);
  }
}
