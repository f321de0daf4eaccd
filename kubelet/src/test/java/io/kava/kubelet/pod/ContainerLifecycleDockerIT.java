package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.EmptyDirVolumeSource;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.Lifecycle;
import io.kava.api.core.v1.LifecycleHandler;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.runtime.TestDocker;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container section of a pod spec on the real Docker engine: preStop before SIGTERM, a memory
 * limit's OOM kill, runAsUser and fsGroup, a read-only root file system, the termination message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerLifecycleDockerIT {
  private TestDocker docker;
  private PodWorkerHarness h;
  @TempDir
  Path marks;

  @BeforeEach
  void setUp() {
    docker = new TestDocker("lc-it");
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    docker.close();
  }

  private void run(Pod pod) {
    h = PodWorkerHarness.onRuntime(pod, docker.runtime(), docker.node(), "127.0.0.1", 0.01);
  }

  private ContainerStatus awaitStatus(String container, java.util.function.Predicate<ContainerStatus> done) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      h.sync();
      return done.test(h.containerStatus(container));
    });
    return h.containerStatus(container);
  }

  private ExecResult exec(String container, String... command) {
    String id = h.worker().observe().latest(container).orElseThrow().id();
    return docker.runtime().exec(id, List.of(command), Duration.ofSeconds(10));
  }

  @Test
  void preStopRunsBeforeTheContainerGetsSigterm() throws Exception {
    Container app = TestPods.container("app", "sh", "-c",
        "trap 'echo sigterm >> /marks/order; exit 0' TERM; echo started > /marks/started; "
            + "while true; do sleep 1 & wait $!; done").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("marks").setMountPath("/marks"))
        .setLifecycle(Lifecycle.newBuilder().setPreStop(LifecycleHandler.newBuilder()
            .setExec(ExecAction.newBuilder().addAllCommand(List.of("sh", "-c", "echo prestop >> /marks/order")))))
        .build();
    Pod pod = TestPods.pod("hooks", docker.node(), app);
    pod = pod.toBuilder().setSpec(pod.getSpec().toBuilder().setTerminationGracePeriodSeconds(5)
        .addVolumes(Volume.newBuilder().setName("marks")
            .setHostPath(HostPathVolumeSource.newBuilder().setPath(marks.toString())))).build();
    run(pod);
    awaitStatus("app", s -> s.getState().hasRunning());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marks.resolve("started")));

    Pod running = h.api.pod();
    h.api.replace(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:01:00Z").setDeletionGracePeriodSeconds(5)).build());
    h.sync();
    assertThat(h.api.deletes).isEqualTo(1);
    assertThat(Files.readAllLines(marks.resolve("order"))).containsExactly("prestop", "sigterm");
  }

  @Test
  void aContainerOverItsMemoryLimitIsOomKilledAndShowsItAfterTheRestart() {
    Container hog = TestPods.container("hog", "sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo ${#x}")
        .toBuilder().setResources(ResourceRequirements.newBuilder().putLimits("memory", "16Mi")).build();
    run(TestPods.pod("hog", docker.node(), hog));
    ContainerStatus s = awaitStatus("hog", c -> c.getRestartCount() >= 1 && c.getLastState().hasTerminated());
    assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(h.status().getQosClass()).isEqualTo("Burstable");
  }

  @Test
  void securityContextUserGroupsReadOnlyRootAndTerminationMessage() {
    Container who = TestPods.container("who", "sleep", "3600").toBuilder()
        .setSecurityContext(SecurityContext.newBuilder().setRunAsUser(1234).setReadOnlyRootFilesystem(true)
            .setAllowPrivilegeEscalation(false))
        .addVolumeMounts(VolumeMount.newBuilder().setName("data").setMountPath("/data")).build();
    Container message = TestPods.container("msg", "sh", "-c", "echo -n bye-bye > /dev/termination-log; exit 2")
        .toBuilder().setTerminationMessagePath("/dev/termination-log").setTerminationMessagePolicy("File").build();
    Pod pod = TestPods.withRestartPolicy(TestPods.pod("sec", docker.node(), who, message), "Never");
    pod = pod.toBuilder().setSpec(pod.getSpec().toBuilder()
        .setSecurityContext(PodSecurityContext.newBuilder().setRunAsGroup(5678).setFsGroup(2000))
        .addVolumes(Volume.newBuilder().setName("data").setEmptyDir(EmptyDirVolumeSource.getDefaultInstance())))
        .build();
    run(pod);
    ContainerStatus msg = awaitStatus("msg", c -> c.getState().hasTerminated());
    assertThat(msg.getState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(msg.getState().getTerminated().getMessage()).isEqualTo("bye-bye");
    awaitStatus("who", c -> c.getState().hasRunning());

    assertThat(exec("who", "id", "-u").output().strip()).isEqualTo("1234");
    assertThat(exec("who", "id", "-g").output().strip()).isEqualTo("5678");
    assertThat(exec("who", "id", "-G").output().strip().split(" ")).contains("2000");
    // The root file system refuses writes; the fsGroup's emptyDir takes them.
    ExecResult write = exec("who", "sh", "-c", "echo x > /tmp/x");
    assertThat(write.exitCode()).isNotZero();
    assertThat(write.output()).contains("Read-only file system");
    assertThat(exec("who", "sh", "-c", "echo x > /data/x && stat -c %g /data/x").output().strip()).isEqualTo("2000");
  }
}
