package io.kava.kubelet.pod;

import static io.kava.kubelet.testing.TestPods.container;
import static io.kava.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.Probe;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodWorkerTest {
  private PodWorkerHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  private static String condition(io.kava.api.core.v1.PodStatus status, String type) {
    return status.getConditionsList().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus)
        .findFirst().orElse("missing");
  }

  @Test
  void startsSandboxAndContainersAndReportsRunning() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"),
        container("side", "sleep", "3600")));
    h.sync();

    ContainerInfo sandbox = h.runtime.named("POD").get(0);
    assertThat(sandbox.running()).isTrue();
    assertThat(sandbox.name()).startsWith("k8s_POD_web_default_").endsWith("_0");
    ContainerInfo app = h.latest("app");
    assertThat(app.running()).isTrue();
    assertThat(h.runtime.config(app.id()).networkMode()).isEqualTo("container:" + sandbox.id());
    assertThat(app.labels()).containsEntry("io.kava.managed", "true").containsEntry("io.kava.node", "node-a")
        .containsEntry("io.kava.pod.name", "web").containsEntry("io.kava.pod.namespace", "default")
        .containsEntry("io.kava.pod.uid", h.api.pod().getMetadata().getUid())
        .containsEntry("io.kava.container.name", "app").containsEntry("io.kava.restart-count", "0");

    assertThat(h.status().getPhase()).isEqualTo("Running");
    assertThat(h.status().getPodIp()).isEqualTo(sandbox.ipAddress());
    assertThat(h.status().getHostIp()).isEqualTo("127.0.0.11");
    assertThat(h.status().getStartTime()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(condition(h.status(), "Ready")).isEqualTo("True");
    assertThat(condition(h.status(), "Initialized")).isEqualTo("True");
    ContainerStatus s = h.containerStatus("app");
    assertThat(s.getState().hasRunning()).isTrue();
    assertThat(s.getContainerId()).isEqualTo("docker://" + app.id());
    assertThat(s.getReady()).isTrue();
    assertThat(h.events.events).contains("Normal Created Created container app", "Normal Started Started container app");
  }

  @Test
  void aSecondSyncWithNothingChangedDoesNothing() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    int containers = h.runtime.all().size();
    int writes = h.api.writes.size();
    h.events.clear();
    h.clock.advance(Duration.ofMinutes(1));

    h.sync();
    assertThat(h.runtime.all()).hasSize(containers);
    assertThat(h.api.writes).hasSize(writes);
    assertThat(h.events.reasons()).doesNotContain("Created", "Started");
  }

  @Test
  void aRestartedKubeletAdoptsRunningContainers() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    String appId = h.latest("app").id();
    h.restartKubelet();

    h.sync();
    assertThat(h.runtime.named("app")).extracting(ContainerInfo::id).containsExactly(appId);
    assertThat(h.runtime.named("POD")).hasSize(1);
    assertThat(h.containerStatus("app").getRestartCount()).isZero();
  }

  @Test
  void aCrashedContainerRestartsAtOnceThenBacksOffDoublingTheDelay() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "false")));
    h.sync();
    h.runtime.exit(h.latest("app").id(), 1);

    h.sync(); // first crash: restarted at once
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(1);
    assertThat(h.containerStatus("app").getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(h.containerStatus("app").getLastState().getTerminated().getReason()).isEqualTo("Error");

    h.runtime.exit(h.latest("app").id(), 1);
    Duration requeue = h.sync(); // second crash: 10 s back-off
    assertThat(h.latest("app").running()).isFalse();
    ContainerStatus s = h.containerStatus("app");
    assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(s.getState().getWaiting().getMessage()).startsWith("back-off 10s restarting failed container=app pod=web_default(");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(s.getRestartCount()).isEqualTo(1);
    assertThat(h.status().getPhase()).isEqualTo("Running");
    assertThat(requeue).isEqualTo(Duration.ofSeconds(10));
    assertThat(h.events.events).anyMatch(e -> e.startsWith("Warning BackOff Back-off restarting failed container app"));

    h.clock.advance(Duration.ofSeconds(9));
    h.sync();
    assertThat(h.latest("app").running()).as("still backing off after 9 s").isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    h.sync();
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(2);

    h.runtime.exit(h.latest("app").id(), 1);
    assertThat(h.sync()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void keepsOnlyTheNewestTwoAttemptsOfAContainer() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "false")));
    h.sync();
    for (int i = 0; i < 4; i++) {
      h.runtime.exit(h.latest("app").id(), 1);
      h.clock.advance(Duration.ofMinutes(6));
      h.sync();
    }
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(4);
    assertThat(h.runtime.named("app")).hasSize(2);
  }

  @Test
  void neverRestartedContainersFailThePodAndTheSandboxStops() {
    h = new PodWorkerHarness(TestPods.withRestartPolicy(
        pod("job", PodWorkerHarness.NODE, container("app", "false")), "Never"));
    h.sync();
    h.runtime.exit(h.latest("app").id(), 2);
    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Failed");
    assertThat(h.containerStatus("app").getState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(h.runtime.named("app")).hasSize(1);
    assertThat(h.runtime.named("POD").get(0).running()).isFalse();
    h.sync();
    assertThat(h.runtime.named("POD")).hasSize(1).allMatch(c -> !c.running());
  }

  @Test
  void onFailureCompletesWhenEveryContainerSucceeds() {
    h = new PodWorkerHarness(TestPods.withRestartPolicy(
        pod("job", PodWorkerHarness.NODE, container("a", "true"), container("b", "true")), "OnFailure"));
    h.sync();
    h.runtime.exit(h.latest("a").id(), 0);
    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Running");
    assertThat(h.runtime.named("a")).hasSize(1);
    h.runtime.exit(h.latest("b").id(), 0);
    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Succeeded");
    assertThat(h.containerStatus("b").getState().getTerminated().getReason()).isEqualTo("Completed");
    PodCondition ready = h.status().getConditionsList().stream().filter(c -> c.getType().equals("Ready"))
        .findFirst().orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("PodCompleted");
    // The finished pod gets no new sandbox even before the API server's copy shows the final phase.
    h.api.replace(h.api.pod().toBuilder().setStatus(h.api.pod().getStatus().toBuilder().setPhase("Running")).build());
    h.sync();
    assertThat(h.runtime.named("POD")).hasSize(1).allMatch(c -> !c.running());
    assertThat(h.status().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void initContainersRunInOrderBeforeTheApp() {
    h = new PodWorkerHarness(TestPods.withInit(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "1")),
        container("init-1", "true"), container("init-2", "true")));
    h.sync();
    assertThat(h.runtime.named("init-1")).hasSize(1);
    assertThat(h.runtime.named("init-2")).isEmpty();
    assertThat(h.runtime.named("app")).isEmpty();
    assertThat(h.status().getPhase()).isEqualTo("Pending");
    assertThat(condition(h.status(), "Initialized")).isEqualTo("False");
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");

    h.sync();
    assertThat(h.runtime.named("init-2")).as("init-1 still runs").isEmpty();
    h.runtime.exit(h.latest("init-1").id(), 0);
    h.sync();
    assertThat(h.runtime.named("init-2")).hasSize(1);
    assertThat(h.runtime.named("app")).isEmpty();
    h.runtime.exit(h.latest("init-2").id(), 0);
    h.sync();
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.status().getPhase()).isEqualTo("Running");
    assertThat(condition(h.status(), "Initialized")).isEqualTo("True");
    assertThat(h.initStatus("init-1").getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(h.initStatus("init-1").getReady()).isTrue();
  }

  @Test
  void aFailedInitContainerIsRetriedOrFailsThePodUnderNever() {
    h = new PodWorkerHarness(TestPods.withInit(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "1")),
        container("init", "false")));
    h.sync();
    h.runtime.exit(h.latest("init").id(), 1);
    h.sync();
    assertThat(h.runtime.named("init")).hasSize(2);
    assertThat(h.initStatus("init").getRestartCount()).isEqualTo(1);
    h.close();

    h = new PodWorkerHarness(TestPods.withInit(TestPods.withRestartPolicy(
        pod("web", PodWorkerHarness.NODE, container("app", "sleep", "1")), "Never"), container("init", "false")));
    h.sync();
    h.runtime.exit(h.latest("init").id(), 1);
    h.sync();
    assertThat(h.runtime.named("init")).hasSize(1);
    assertThat(h.runtime.named("app")).isEmpty();
    assertThat(h.status().getPhase()).isEqualTo("Failed");
  }

  @Test
  void aMissingImageShowsErrImagePullThenImagePullBackOff() {
    Container c = container("app", "sleep", "1").toBuilder().setImage("nginx:1.14.2").build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    Duration requeue = h.sync();
    ContainerStatus s = h.containerStatus("app");
    assertThat(s.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    assertThat(s.getState().getWaiting().getMessage()).contains("nginx:1.14.2");
    assertThat(h.status().getPhase()).isEqualTo("Pending");
    assertThat(requeue).isEqualTo(Duration.ofSeconds(10));
    assertThat(h.events.events).contains("Normal Pulling Pulling image \"nginx:1.14.2\"", "Warning Failed Error: ErrImagePull");

    h.clock.advance(Duration.ofSeconds(5));
    h.sync();
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
    assertThat(h.runtime.pulls).hasSize(1);

    h.clock.advance(Duration.ofSeconds(5));
    h.sync();
    assertThat(h.runtime.pulls).hasSize(2);
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("ErrImagePull");

    // The image shows up (docker tag): the next allowed attempt starts the container.
    h.runtime.withRegistryImage("nginx:1.14.2");
    h.clock.advance(Duration.ofSeconds(20));
    h.sync();
    assertThat(h.latest("app").running()).isTrue();
  }

  @Test
  void deletionStopsRemovesEverythingAndDeletesThePod() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    Pod pod = h.api.pod();
    h.api.replace(pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:01:00Z").setDeletionGracePeriodSeconds(5)).build());
    h.sync();
    assertThat(h.runtime.all()).isEmpty();
    assertThat(h.api.deletes).isEqualTo(1);
    assertThat(h.runtime.stops).hasSize(2);
    assertThat(h.events.events).contains("Normal Killing Stopping container app");
  }

  @Test
  void aContainerRemovedBehindOurBackIsRecreatedWithAHigherRestartCount() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    h.runtime.forceRemove(h.latest("app").id());
    h.sync();
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(1);
  }

  @Test
  void aRestartedContainerRemovedBehindOurBackIsRecreatedAtOnce() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    h.runtime.exit(h.latest("app").id(), 137);
    h.sync();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(1);
    h.runtime.forceRemove(h.latest("app").id()); // the older, exited attempt is still there
    h.sync();
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(2);
    assertThat(h.containerStatus("app").getState().hasRunning()).isTrue();
  }

  @Test
  void aDeadSandboxIsReplacedAndTheContainersRestartInIt() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    ContainerInfo oldSandbox = h.runtime.named("POD").get(0);
    h.runtime.exit(oldSandbox.id(), 137);
    h.sync();
    ContainerInfo newSandbox = h.runtime.named("POD").stream().filter(ContainerInfo::running).findFirst().orElseThrow();
    assertThat(newSandbox.id()).isNotEqualTo(oldSandbox.id());
    assertThat(newSandbox.labels()).containsEntry("io.kava.restart-count", "1");
    ContainerInfo app = h.latest("app");
    assertThat(app.running()).isTrue();
    assertThat(app.labels()).containsEntry("io.kava.sandbox.id", newSandbox.id());
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(1);
    assertThat(h.status().getPodIp()).isEqualTo(newSandbox.ipAddress());
    assertThat(h.events.reasons()).contains("SandboxChanged");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    Container c = container("app", "sleep", "3600").toBuilder().setLivenessProbe(Probe.newBuilder()
        .setExec(ExecAction.newBuilder().addCommand("check")).setFailureThreshold(2)).build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    h.sync();
    String first = h.latest("app").id();
    h.runtime.execHandler(cmd -> new ExecResult(1, "unhealthy", false));
    h.probes.probeAllNow();
    h.sync();
    assertThat(h.latest("app").id()).as("one failure is below the threshold").isEqualTo(first);
    h.probes.probeAllNow();
    h.sync(); // kills
    h.sync(); // restarts
    assertThat(h.latest("app").id()).isNotEqualTo(first);
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(1);
    assertThat(h.events.events).contains("Warning Unhealthy Liveness probe failed: unhealthy",
        "Normal Killing Container app failed liveness probe, will be restarted");
  }

  @Test
  void aStartupProbeGatesTheOtherProbesAndRestartsWhenItFails() {
    java.util.List<String> probed = new java.util.concurrent.CopyOnWriteArrayList<>();
    Container c = container("app", "sleep", "3600").toBuilder()
        .setStartupProbe(Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("started")).setFailureThreshold(2))
        .setLivenessProbe(Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("alive")))
        .build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    h.runtime.execHandler(cmd -> {
      probed.add(cmd.get(0));
      return new ExecResult(cmd.get(0).equals("started") ? 1 : 0, "", false);
    });
    h.sync();
    String first = h.latest("app").id();
    h.probes.probeAllNow();
    h.sync();
    assertThat(probed).containsOnly("started");
    assertThat(h.containerStatus("app").getStarted()).isFalse();
    assertThat(h.containerStatus("app").getReady()).isFalse();
    h.probes.probeAllNow(); // second failure: threshold reached
    h.sync(); // kills
    h.sync(); // restarts
    assertThat(h.latest("app").id()).isNotEqualTo(first);
    assertThat(h.events.events).contains("Normal Killing Container app failed startup probe, will be restarted");

    h.runtime.execHandler(cmd -> {
      probed.add(cmd.get(0));
      return new ExecResult(0, "", false);
    });
    h.probes.probeAllNow();
    h.sync();
    assertThat(h.containerStatus("app").getStarted()).isTrue();
    assertThat(h.containerStatus("app").getReady()).isTrue();
    probed.clear();
    h.probes.probeAllNow();
    assertThat(probed).as("startup is done; liveness runs now").containsOnly("alive");
  }

  @Test
  void readinessGatesTheReadyCondition() {
    Container c = container("app", "sleep", "3600").toBuilder().setReadinessProbe(Probe.newBuilder()
        .setExec(ExecAction.newBuilder().addCommand("check")).setFailureThreshold(1)).build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    h.sync();
    assertThat(h.containerStatus("app").getReady()).isFalse();
    assertThat(condition(h.status(), "Ready")).isEqualTo("False");
    h.probes.probeAllNow();
    h.sync();
    assertThat(h.containerStatus("app").getReady()).isTrue();
    assertThat(condition(h.status(), "ContainersReady")).isEqualTo("True");
    h.runtime.execHandler(cmd -> new ExecResult(1, "", false));
    h.probes.probeAllNow();
    h.sync();
    assertThat(condition(h.status(), "Ready")).isEqualTo("False");
    assertThat(h.latest("app").running()).as("readiness never restarts").isTrue();
  }

  @Test
  void hostPortsArePublishedOnTheSandboxAtTheNodeIp() {
    Container c = container("app", "sleep", "3600").toBuilder()
        .addPorts(ContainerPort.newBuilder().setContainerPort(80).setHostPort(8080)).build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    h.sync();
    var ports = h.runtime.config(h.runtime.named("POD").get(0).id()).portMappings();
    assertThat(ports).singleElement().satisfies(p -> {
      assertThat(p.hostIp()).isEqualTo("127.0.0.11");
      assertThat(p.hostPort()).isEqualTo(8080);
      assertThat(p.containerPort()).isEqualTo(80);
    });
  }

  @Test
  void volumesAreMountedAndAMissingConfigMapHoldsTheContainersBack() {
    Pod p = pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600").toBuilder()
        .addVolumeMounts(io.kava.api.core.v1.VolumeMount.newBuilder().setName("config").setMountPath("/etc/app"))
        .build());
    h = new PodWorkerHarness(p.toBuilder().setSpec(p.getSpec().toBuilder().addVolumes(io.kava.api.core.v1.Volume
        .newBuilder().setName("config").setConfigMap(io.kava.api.core.v1.ConfigMapVolumeSource.newBuilder()
            .setName("settings")))).build());
    h.sync();
    assertThat(h.runtime.named("app")).isEmpty();
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(h.containerStatus("app").getState().getWaiting().getMessage()).contains("configmap \"settings\" not found");
    assertThat(h.events.events).anyMatch(e -> e.startsWith("Warning FailedMount"));

    h.configs.configMaps.put("default/settings", io.kava.api.core.v1.ConfigMap.newBuilder().putData("k", "v").build());
    h.sync();
    var mounts = h.runtime.config(h.latest("app").id()).mounts().stream()
        .filter(m -> !m.containerPath().equals("/etc/resolv.conf")).toList();
    assertThat(mounts).singleElement().satisfies(m -> {
      assertThat(m.containerPath()).isEqualTo("/etc/app");
      assertThat(java.nio.file.Path.of(m.hostPath()).resolve("k")).hasContent("v");
    });

    Pod running = h.api.pod();
    h.api.replace(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:01:00Z")).build());
    h.sync();
    assertThat(java.nio.file.Path.of(mounts.get(0).hostPath())).doesNotExist();
  }

  @Test
  void hostNetworkPodsUseTheNodeNetworkAndAddress() {
    Pod p = pod("agent", PodWorkerHarness.NODE, container("app", "sleep", "3600"));
    h = new PodWorkerHarness(p.toBuilder().setSpec(p.getSpec().toBuilder().setHostNetwork(true)).build());
    h.sync();
    var sandbox = h.runtime.config(h.runtime.named("POD").get(0).id());
    assertThat(sandbox.networkMode()).isEqualTo("host");
    assertThat(sandbox.hostname()).isNull();
    assertThat(h.status().getPodIp()).isEqualTo(PodWorkerHarness.NODE_IP);
    assertThat(h.status().getPhase()).isEqualTo("Running");
  }

  @Test
  void aStartFailureIsReportedAndRetriedWithBackoff() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "/no/such")));
    h.runtime.failStartFor("/no/such");
    h.sync();
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("RunContainerError");
    assertThat(h.containerStatus("app").getLastState().getTerminated().getReason()).isEqualTo("ContainerCannotRun");
    h.sync(); // first restart at once, fails again
    h.sync();
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
  }

  @Test
  void neverTouchesContainersOfOtherNodes() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    String uid = h.api.pod().getMetadata().getUid();
    String foreign = h.runtime.addForeign(Map.of("io.kava.managed", "true", "io.kava.node", "node-b",
        "io.kava.pod.uid", uid, "io.kava.container.name", "app", "io.kava.restart-count", "0"), true);
    h.sync();
    Pod pod = h.api.pod();
    h.api.replace(pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:01:00Z")).build());
    h.sync();
    assertThat(h.runtime.all()).extracting(ContainerInfo::id).containsExactly(foreign);
    assertThat(h.runtime.stops).doesNotContain(foreign);
  }

  @Test
  void envAndLimitsReachTheContainer() {
    Container c = container("app", "sh", "-c", "echo $(GREETING)").toBuilder()
        .addEnv(io.kava.api.core.v1.EnvVar.newBuilder().setName("GREETING").setValue("hello"))
        .addEnv(io.kava.api.core.v1.EnvVar.newBuilder().setName("POD").setValueFrom(
            io.kava.api.core.v1.EnvVarSource.newBuilder().setFieldRef(
                io.kava.api.core.v1.ObjectFieldSelector.newBuilder().setFieldPath("metadata.name"))))
        .setWorkingDir("/tmp")
        .setResources(io.kava.api.core.v1.ResourceRequirements.newBuilder().putLimits("cpu", "250m")
            .putLimits("memory", "64Mi"))
        .build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    h.sync();
    var config = h.runtime.config(h.latest("app").id());
    assertThat(config.entrypoint()).containsExactly("sh", "-c", "echo hello");
    assertThat(config.env()).containsExactly("GREETING=hello", "POD=web");
    assertThat(config.workingDir()).isEqualTo("/tmp");
    // The limits are the requests too (as the API server defaults them): 256 shares, 25 ms per 100 ms.
    assertThat(config.resources()).isEqualTo(new ContainerConfig.Resources(256, 25_000, 100_000, 64L * 1024 * 1024));
  }
}
