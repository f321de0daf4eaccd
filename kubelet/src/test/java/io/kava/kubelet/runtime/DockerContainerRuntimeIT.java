package io.kava.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.testsupport.HermeticDockerEngine;
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
 * The runtime against a real engine: a hermetic one of this class's own (HermeticDockerEngine), since
 * nothing here connects from the test JVM to a container (host ports are DockerHostPortsIT's, on the
 * host's engine). -Dkava.hermetic=false runs it on the host's engine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerContainerRuntimeIT {
  private static HermeticDockerEngine engine;
  private TestDocker docker;
  private DockerContainerRuntime runtime;

  @BeforeAll
  static void startEngine() {
    engine = TestDocker.hermeticEngineUnlessDisabled();
  }

  @AfterAll
  static void stopEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @BeforeEach
  void setUp() {
    docker = TestDocker.onEngineOrHost(engine, "rt-it");
    runtime = docker.runtime();
  }

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void containersOfOnePodShareTheSandboxNetworkNamespace() throws Exception {
    String sandbox = create("sandbox", TestDocker.PAUSE, List.of(), null, Map.of("role", "sandbox"));
    runtime.startContainer(sandbox);
    ContainerInfo sandboxInfo = runtime.inspectContainer(sandbox).orElseThrow();
    assertThat(sandboxInfo.running()).isTrue();
    assertThat(sandboxInfo.ipAddress()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");

    String server = create("server", TestDocker.BUSYBOX,
        List.of("sh", "-c", "echo hello-from-server > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"),
        "container:" + sandbox, Map.of("role", "server"));
    runtime.startContainer(server);
    String client = create("client", TestDocker.BUSYBOX, List.of("sleep", "3600"), "container:" + sandbox,
        Map.of("role", "client"));
    runtime.startContainer(client);

    // The client reaches the server on localhost: same network namespace.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ExecResult result = runtime.exec(client,
          List.of("timeout", "3", "wget", "-qO-", "http://127.0.0.1:8080/index.html"), Duration.ofSeconds(10));
      assertThat(result.exitCode()).isZero();
      assertThat(result.output()).contains("hello-from-server");
    });
    ContainerInfo serverInfo = runtime.inspectContainer(server).orElseThrow();
    assertThat(serverInfo.ipAddress()).isEmpty();
    assertThat(serverInfo.labels()).containsEntry("role", "server").containsEntry("io.kava.node", docker.node());
    assertThat(serverInfo.image()).isEqualTo(TestDocker.BUSYBOX);
    assertThat(serverInfo.imageId()).startsWith("sha256:");
    assertThat(serverInfo.startedAt()).isNotNull();

    Map<String, String> filter = new HashMap<>(docker.labels());
    filter.put("role", "client");
    assertThat(runtime.listContainers(filter)).extracting(ContainerSummary::id).containsExactly(client);
    assertThat(runtime.listContainers(docker.labels())).hasSize(3);
  }

  @Test
  void pauseStopsAtOnceOnSigtermWithExitCodeZero() throws Exception {
    String sandbox = create("pause", TestDocker.PAUSE, List.of(), null, Map.of());
    runtime.startContainer(sandbox);
    long start = System.nanoTime();
    runtime.stopContainer(sandbox, Duration.ofSeconds(20));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    ContainerInfo info = runtime.inspectContainer(sandbox).orElseThrow();
    assertThat(info.exited()).isTrue();
    assertThat(info.exitCode()).isZero();
    assertThat(elapsedMillis).as("SIGTERM ends the sandbox, no SIGKILL after the grace period").isLessThan(10_000);
    assertThat(info.finishedAt()).isAfterOrEqualTo(info.startedAt());
  }

  @Test
  void reportsExitCodesAndRemovesContainers() throws Exception {
    String id = create("exit3", TestDocker.BUSYBOX, List.of("sh", "-c", "exit 3"), null, Map.of());
    assertThat(runtime.inspectContainer(id).orElseThrow().state()).isEqualTo(ContainerState.CREATED);
    runtime.startContainer(id);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> runtime.inspectContainer(id).orElseThrow().exited());
    ContainerInfo info = runtime.inspectContainer(id).orElseThrow();
    assertThat(info.exitCode()).isEqualTo(3);
    assertThat(info.oomKilled()).isFalse();

    runtime.removeContainer(id);
    assertThat(runtime.inspectContainer(id)).isEmpty();
    runtime.removeContainer(id); // a second removal is not an error
  }

  @Test
  void execReportsExitCodeAndOutput() throws Exception {
    String id = create("exec", TestDocker.BUSYBOX, List.of("sleep", "3600"), null, Map.of());
    runtime.startContainer(id);
    ExecResult ok = runtime.exec(id, List.of("sh", "-c", "echo out; echo err >&2"), Duration.ofSeconds(10));
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.output()).contains("out").contains("err");
    ExecResult failed = runtime.exec(id, List.of("sh", "-c", "exit 7"), Duration.ofSeconds(10));
    assertThat(failed.exitCode()).isEqualTo(7);
    assertThat(failed.succeeded()).isFalse();
    ExecResult slow = runtime.exec(id, List.of("sleep", "30"), Duration.ofMillis(500));
    assertThat(slow.timedOut()).isTrue();
  }

  @Test
  void appliesEnvWorkingDirAndLimits() throws Exception {
    ContainerConfig config = new ContainerConfig("k8s_env_" + docker.node(), TestDocker.BUSYBOX,
        List.of("sh", "-c"), List.of("echo $GREETING; pwd; sleep 3600"), List.of("GREETING=hi"), "/tmp",
        docker.labels(), null, null, List.of(), new ContainerConfig.Resources(512, 50_000, 100_000, 64L * 1024 * 1024));
    String id = runtime.createContainer(config);
    runtime.startContainer(id);
    ExecResult env = runtime.exec(id, List.of("sh", "-c", "echo $GREETING; pwd"), Duration.ofSeconds(10));
    assertThat(env.output()).contains("hi").contains("/tmp");
    // The memory limit is visible to the container through its cgroup.
    ExecResult limit = runtime.exec(id, List.of("cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"),
        Duration.ofSeconds(10));
    assertThat(limit.output().trim()).isEqualTo(String.valueOf(64L * 1024 * 1024));
    // Half a cpu: a 50 ms quota per 100 ms period, and the request's weight.
    ExecResult cpu = runtime.exec(id, List.of("cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
        "/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/cpu/cpu.shares"), Duration.ofSeconds(10));
    assertThat(cpu.output().trim().split("\\s+")).containsExactly("50000", "100000", "512");
  }

  @Test
  void failuresAreTypedWithDockersMessage() throws Exception {
    assertThat(runtime.imageId("kava/no-such-image:1")).isEmpty();
    assertThat(runtime.imageId(TestDocker.BUSYBOX)).get().asString().startsWith("sha256:");
    // No pull here: the engine would look a registry up through the machine's resolver, off this machine.
    assertThatThrownBy(() -> create("noimage", "kava/no-such-image:1", List.of(), null, Map.of()))
        .isInstanceOf(ContainerCreateException.class).hasMessageContaining("no-such-image");
    String id = create("nocmd", TestDocker.BUSYBOX, List.of("/no/such/binary"), null, Map.of());
    assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOf(ContainerStartException.class)
        .hasMessageContaining("/no/such/binary");
    assertThat(runtime.version()).startsWith("docker://");
  }

  @Test
  void reportsOomKill() throws Exception {
    ContainerConfig config = new ContainerConfig("k8s_oom_" + docker.node(), TestDocker.BUSYBOX,
        List.of("sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo ${#x}"), List.of(), List.of(), "",
        docker.labels(), null, null, List.of(), ContainerConfig.Resources.memory(16L * 1024 * 1024));
    String id = runtime.createContainer(config);
    runtime.startContainer(id);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> runtime.inspectContainer(id).orElseThrow().exited());
    ContainerInfo info = runtime.inspectContainer(id).orElseThrow();
    assertThat(info.oomKilled()).isTrue();
    assertThat(info.exitCode()).isEqualTo(137);
  }

  private String create(String name, String image, List<String> command, String networkMode,
      Map<String, String> extraLabels) throws ContainerCreateException {
    Map<String, String> labels = new HashMap<>(docker.labels());
    labels.putAll(extraLabels);
    return runtime.createContainer(new ContainerConfig("k8s_" + name + "_" + docker.node(), image, command, List.of(),
        List.of(), "", labels, null, networkMode, List.of(), ContainerConfig.Resources.NONE));
  }
}
