package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Probe;
import io.kava.api.meta.v1.IntOrString;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.runtime.TestDocker;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pod worker on the real Docker engine: real sandboxes, shared network namespaces, real kills and
 * restarts. The API side is an in-memory holder of the one pod (the API server has its own ITs; the
 * kubelet against the real API server is KubeletIT).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PodWorkerDockerIT {
  private TestDocker docker;
  private PodWorkerHarness h;

  @BeforeEach
  void setUp() {
    docker = new TestDocker("pw-it");
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    docker.close();
  }

  private PodWorkerHarness harness(Pod pod, double backoffScale) {
    h = PodWorkerHarness.onRuntime(pod, docker.runtime(), docker.node(), "127.0.0.1", backoffScale);
    return h;
  }

  private Pod pod(String name, Container... containers) {
    return TestPods.pod(name, docker.node(), containers);
  }

  private ContainerInfo latest(String name) {
    return h.worker().observe().latest(name).orElseThrow();
  }

  private List<ContainerSummary> podContainers() {
    return docker.runtime().listContainers(ContainerLabels.ofPod(docker.node(), h.api.pod().getMetadata().getUid()));
  }

  private static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("docker %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void podMaxPidsLimitsEveryContainerOfThePodTheSandboxIncluded() throws Exception {
    h = PodWorkerHarness.onRuntime(pod("pids", TestPods.container("app", "sleep", "3600")), docker.runtime(),
        docker.node(), "127.0.0.1", 1.0, 64);
    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Running");
    for (ContainerSummary c : podContainers()) {
      assertThat(docker("inspect", "-f", "{{.HostConfig.PidsLimit}}", c.id()).strip()).as(c.name()).isEqualTo("64");
    }
    assertThat(podContainers()).hasSize(2);
    // The kernel's own limit, as the container sees its pids cgroup (cgroup v1 here; v2 has it at the root).
    ExecResult max = docker.runtime().exec(latest("app").id(), List.of("sh", "-c",
        "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max"), Duration.ofSeconds(10));
    assertThat(max.output().strip()).isEqualTo("64");
  }

  @Test
  void containersOfAPodShareOneIpAndLocalhost() throws Exception {
    harness(pod("web",
        TestPods.container("server", "sh", "-c", "echo hello-pod > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"),
        TestPods.container("client", "sleep", "3600")), 1.0);
    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Running");
    String podIp = h.status().getPodIp();
    assertThat(podIp).isEqualTo(h.worker().observe().runningSandbox().orElseThrow().ipAddress()).isNotEmpty();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ExecResult r = docker.runtime().exec(latest("client").id(),
          List.of("timeout", "3", "wget", "-qO-", "http://127.0.0.1:8080/index.html"), Duration.ofSeconds(10));
      assertThat(r.output()).contains("hello-pod");
    });
    // The pod IP is the sandbox's address on the bridge: the server answers there too.
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + podIp + ":8080/index.html")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).contains("hello-pod");
    ExecResult hostname = docker.runtime().exec(latest("client").id(), List.of("hostname"), Duration.ofSeconds(5));
    assertThat(hostname.output().strip()).isEqualTo("web");
    assertThat(latest("server").labels()).containsEntry("io.kava.managed", "true")
        .containsEntry("io.kava.node", docker.node()).containsEntry("io.kava.container.name", "server")
        .containsEntry("io.kava.pod.name", "web").containsEntry("io.kava.restart-count", "0");
    assertThat(latest("server").name()).matches("k8s_server_web_default_[0-9a-f-]{8}_0");
  }

  @Test
  void everyContainerSeesThePodsResolvConfAndTheServiceVariables() {
    harness(pod("web", TestPods.container("app", "sleep", "3600"), TestPods.container("side", "sleep", "3600")), 1.0);
    h.services.add(io.kava.api.core.v1.Service.newBuilder()
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setNamespace("default").setName("my-nginx"))
        .setSpec(io.kava.api.core.v1.ServiceSpec.newBuilder().setClusterIp("10.96.200.18")
            .addPorts(io.kava.api.core.v1.ServicePort.newBuilder().setPort(80).setProtocol("TCP")))
        .build());
    h.sync();
    for (String container : List.of("app", "side")) {
      ExecResult resolv = docker.runtime().exec(latest(container).id(), List.of("cat", "/etc/resolv.conf"),
          Duration.ofSeconds(10));
      assertThat(resolv.output()).isEqualTo("""
          nameserver 10.96.0.10
          search default.svc.cluster.local svc.cluster.local cluster.local corp.example
          options ndots:5
          """);
    }
    ExecResult env = docker.runtime().exec(latest("app").id(), List.of("env"), Duration.ofSeconds(10));
    assertThat(env.output().lines().toList()).contains("MY_NGINX_SERVICE_HOST=10.96.200.18", "MY_NGINX_SERVICE_PORT=80",
        "MY_NGINX_PORT=tcp://10.96.200.18:80");
  }

  @Test
  void aPreStopExecRunsInTheContainerAndAPreStopSleepDelaysTheStop() throws Exception {
    java.nio.file.Path out = java.nio.file.Files.createTempDirectory("kava-prestop-it");
    try {
      io.kava.api.core.v1.VolumeMount mount = io.kava.api.core.v1.VolumeMount.newBuilder().setName("out")
          .setMountPath("/out").build();
      // Each container notes its SIGTERM in the shared log and ends at once on it.
      Container exec = TestPods.container("exec", "sh", "-c",
              "trap 'echo exec-term >> /out/log; exit 0' TERM; while :; do sleep 1 & wait; done").toBuilder()
          .addVolumeMounts(mount)
          .setLifecycle(io.kava.api.core.v1.Lifecycle.newBuilder().setPreStop(io.kava.api.core.v1.LifecycleHandler
              .newBuilder().setExec(ExecAction.newBuilder().addAllCommand(List.of("sh", "-c",
                  "echo exec-prestop-in-$(hostname) >> /out/log")))))
          .build();
      Container sleeper = TestPods.container("sleeper", "sh", "-c",
              "trap 'echo sleeper-term >> /out/log; exit 0' TERM; while :; do sleep 1 & wait; done").toBuilder()
          .addVolumeMounts(mount)
          .setLifecycle(io.kava.api.core.v1.Lifecycle.newBuilder().setPreStop(io.kava.api.core.v1.LifecycleHandler
              .newBuilder().setSleep(io.kava.api.core.v1.SleepAction.newBuilder().setSeconds(3))))
          .build();
      Pod p = pod("hooks", exec, sleeper);
      p = p.toBuilder().setSpec(p.getSpec().toBuilder().setTerminationGracePeriodSeconds(30)
          .addVolumes(io.kava.api.core.v1.Volume.newBuilder().setName("out").setHostPath(
              io.kava.api.core.v1.HostPathVolumeSource.newBuilder().setPath(out.toString())))).build();
      harness(p, 1.0);
      h.sync();
      assertThat(latest("exec").running()).isTrue();
      assertThat(latest("sleeper").running()).isTrue();

      Pod running = h.api.pod();
      h.api.replace(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
          .setDeletionTimestamp(Instant.now().toString()).setDeletionGracePeriodSeconds(30)).build());
      Instant start = Instant.now();
      h.sync();
      Duration took = Duration.between(start, Instant.now());

      assertThat(docker.runtime().listContainers(ContainerLabels.ofPod(docker.node(), running.getMetadata().getUid())))
          .isEmpty();
      List<String> log = java.nio.file.Files.readAllLines(out.resolve("log"));
      // The exec hook ran inside the pod (its hostname), before that container's SIGTERM.
      assertThat(log).contains("exec-prestop-in-hooks", "exec-term", "sleeper-term");
      assertThat(log.indexOf("exec-prestop-in-hooks")).isLessThan(log.indexOf("exec-term"));
      // The sleeper got its SIGTERM only after its 3 s preStop sleep, far inside the 30 s grace period.
      assertThat(log.indexOf("exec-term")).isLessThan(log.indexOf("sleeper-term"));
      assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(15));
    } finally {
      try (var walk = java.nio.file.Files.walk(out)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void aRestartedKubeletAdoptsTheRunningContainers() {
    harness(pod("web", TestPods.container("app", "sleep", "3600")), 1.0);
    h.sync();
    List<String> before = podContainers().stream().map(ContainerSummary::id).sorted().toList();
    assertThat(before).hasSize(2);
    h.restartKubelet();
    h.sync();
    h.sync();
    assertThat(podContainers().stream().map(ContainerSummary::id).sorted().toList()).isEqualTo(before);
    assertThat(h.containerStatus("app").getRestartCount()).isZero();
  }

  @Test
  void aKilledContainerIsRestartedAndARemovedOneRecreated() throws Exception {
    harness(pod("web", TestPods.container("app", "sleep", "3600")), 1.0);
    h.sync();
    String first = latest("app").id();
    docker("kill", first);
    h.sync();
    ContainerStatus s = h.containerStatus("app");
    assertThat(s.getRestartCount()).isEqualTo(1);
    assertThat(s.getState().hasRunning()).isTrue();
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(latest("app").id()).isNotEqualTo(first);

    docker("rm", "-f", latest("app").id());
    h.sync();
    assertThat(latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(2);
  }

  @Test
  void aCrashingContainerBacksOffWithGrowingDelays() {
    harness(pod("crash", TestPods.container("app", "sh", "-c", "exit 3")), 0.1);
    List<ContainerInfo> attempts = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      h.sync();
      ObservedPod observed = h.worker().observe();
      observed.attempts("app").forEach(c -> {
        if (c.exited() && attempts.stream().noneMatch(a -> a.id().equals(c.id()))) {
          attempts.add(c);
        }
      });
      return attempts.size() >= 4;
    });
    attempts.sort(java.util.Comparator.comparingInt(ContainerLabels::restartCount));
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < attempts.size(); i++) {
      Instant previousExit = attempts.get(i - 1).finishedAt();
      gaps.add(Duration.between(previousExit, attempts.get(i).startedAt()));
    }
    // Upstream: the first restart is immediate, then 10 s, 20 s, ... (here scaled by 0.1).
    assertThat(gaps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(gaps.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
    assertThat(gaps.get(2)).isGreaterThan(gaps.get(1));
    assertThat(gaps.get(0)).isLessThan(gaps.get(1));
    ContainerStatus s = h.containerStatus("app");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void deletionStopsAndRemovesEveryContainer() {
    harness(pod("web", TestPods.container("app", "sleep", "3600"), TestPods.container("side", "sleep", "3600")), 1.0);
    h.sync();
    assertThat(podContainers()).hasSize(3);
    Pod pod = h.api.pod();
    h.api.replace(pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:00:00Z").setDeletionGracePeriodSeconds(2)).build());
    long start = System.nanoTime();
    h.sync();
    // busybox sleep as PID 1 ignores SIGTERM: stopped by SIGKILL after the grace period, both at once.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(docker.runtime().listContainers(docker.labels())).isEmpty();
    assertThat(h.api.deletes).isEqualTo(1);
  }

  @Test
  void probesReachThePodAndLivenessFailureRestarts() {
    Container c = TestPods.container("app", "sh", "-c",
        "echo ok > /tmp/index.html; touch /tmp/alive; exec httpd -f -p 8080 -h /tmp").toBuilder()
        .addPorts(ContainerPort.newBuilder().setName("http").setContainerPort(8080))
        .setReadinessProbe(Probe.newBuilder().setHttpGet(HTTPGetAction.newBuilder().setPath("/index.html")
            .setPort(IntOrString.newBuilder().setStrVal("http"))).setPeriodSeconds(1))
        .setLivenessProbe(Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("cat").addCommand("/tmp/alive"))
            .setPeriodSeconds(1).setFailureThreshold(1))
        .build();
    harness(pod("probed", c), 1.0);
    h.sync();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      h.sync();
      return h.containerStatus("app").getReady();
    });
    String first = latest("app").id();
    docker.runtime().exec(first, List.of("rm", "/tmp/alive"), Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      h.sync();
      return h.containerStatus("app").getRestartCount() == 1 && h.containerStatus("app").getState().hasRunning();
    });
    assertThat(h.events.events).anyMatch(e -> e.startsWith("Warning Unhealthy Liveness probe failed"));
    assertThat(h.events.events).contains("Normal Killing Container app failed liveness probe, will be restarted");
  }

  @Test
  void containersShareAnEmptyDirAndSeeConfigMapFiles() {
    io.kava.api.core.v1.VolumeMount shared = io.kava.api.core.v1.VolumeMount.newBuilder().setName("shared")
        .setMountPath("/shared").build();
    Pod p = pod("vols",
        TestPods.container("writer", "sh", "-c", "echo from-writer > /shared/note; sleep 3600").toBuilder()
            .addVolumeMounts(shared).build(),
        TestPods.container("reader", "sleep", "3600").toBuilder().addVolumeMounts(shared)
            .addVolumeMounts(io.kava.api.core.v1.VolumeMount.newBuilder().setName("config").setMountPath("/etc/app")
                .setReadOnly(true)).build());
    p = p.toBuilder().setSpec(p.getSpec().toBuilder()
        .addVolumes(io.kava.api.core.v1.Volume.newBuilder().setName("shared")
            .setEmptyDir(io.kava.api.core.v1.EmptyDirVolumeSource.getDefaultInstance()))
        .addVolumes(io.kava.api.core.v1.Volume.newBuilder().setName("config")
            .setConfigMap(io.kava.api.core.v1.ConfigMapVolumeSource.newBuilder().setName("settings")))).build();
    harness(p, 1.0);
    h.configs.configMaps.put("default/settings", io.kava.api.core.v1.ConfigMap.newBuilder()
        .putData("greeting", "hello-config").build());
    h.sync();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ExecResult r = docker.runtime().exec(latest("reader").id(),
          List.of("cat", "/shared/note", "/etc/app/greeting"), Duration.ofSeconds(5));
      assertThat(r.output()).contains("from-writer").contains("hello-config");
    });
    ExecResult readOnly = docker.runtime().exec(latest("reader").id(), List.of("touch", "/etc/app/x"),
        Duration.ofSeconds(5));
    assertThat(readOnly.exitCode()).isNotZero();
  }

  @Test
  void hostPortsArePublishedOnTheNodeAddress() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    Container c = TestPods.container("app", "sh", "-c", "echo published > /tmp/index.html; exec httpd -f -p 80 -h /tmp")
        .toBuilder().addPorts(ContainerPort.newBuilder().setContainerPort(80).setHostPort(port)).build();
    harness(pod("ports", c), 1.0);
    h.sync();
    int hostPort = port;
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + hostPort + "/index.html")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("published");
    });
  }
}
