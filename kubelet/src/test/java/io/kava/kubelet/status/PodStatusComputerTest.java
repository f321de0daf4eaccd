package io.kava.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.pod.Waiting;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.testing.TestPods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodStatusComputerTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-25T10:05:00Z");

  private final List<ContainerInfo> containers = new ArrayList<>();
  private final Map<String, Waiting> waiting = new HashMap<>();
  private Pod pod = TestPods.pod("web", "node-a", TestPods.container("app"));

  private ContainerInfo add(String name, int attempt, ContainerState state, int exitCode) {
    Map<String, String> labels = Map.of("io.kava.container.name", name, "io.kava.restart-count",
        Integer.toString(attempt));
    ContainerInfo c = new ContainerInfo(name + attempt, "k8s_" + name, "img", "sha256:abc", labels, state, exitCode,
        false, "", T0.plusSeconds(attempt), T0.plusSeconds(attempt), state == ContainerState.EXITED ? T0.plusSeconds(attempt + 1) : null,
        name.equals("POD") && state == ContainerState.RUNNING ? "172.17.0.9" : "");
    containers.add(c);
    return c;
  }

  private PodStatus compute(Set<String> ready, Instant now) {
    return compute(ready, Set.of(), now);
  }

  private PodStatus compute(Set<String> ready, Set<String> started, Instant now) {
    return PodStatusComputer.compute(new PodStatusInput(pod, new ObservedPod(containers), waiting, ready, started,
        "127.0.0.11", now));
  }

  private PodStatus compute() {
    return compute(Set.of(), T0);
  }

  private static PodCondition condition(PodStatus s, String type) {
    return s.getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void nothingCreatedYetIsPendingWithContainerCreating() {
    PodStatus s = compute();
    assertThat(s.getPhase()).isEqualTo("Pending");
    assertThat(s.getContainerStatuses(0).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(s.getPodIp()).isEmpty();
    assertThat(s.getHostIp()).isEqualTo("127.0.0.11");
    assertThat(s.getStartTime()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ContainersNotReady");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("containers with unready status: [app]");
    assertThat(condition(s, "PodScheduled").getStatus()).isEqualTo("True");
    assertThat(s.getQosClass()).isEqualTo("BestEffort");
  }

  @Test
  void runningContainerMakesThePodRunningAndReady() {
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.RUNNING, 0);
    PodStatus s = compute();
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(s.getPodIp()).isEqualTo("172.17.0.9");
    assertThat(s.getPodIps(0).getIp()).isEqualTo("172.17.0.9");
    ContainerStatus app = s.getContainerStatuses(0);
    assertThat(app.getState().getRunning().getStartedAt()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(app.getReady()).isTrue();
    assertThat(app.getStarted()).isTrue();
    assertThat(app.getContainerId()).isEqualTo("docker://app0");
    assertThat(app.getImageId()).isEqualTo("docker://sha256:abc");
    assertThat(app.getImage()).isEqualTo(TestPods.IMAGE);
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo("True");
  }

  @Test
  void readinessProbeDecidesReadiness() {
    Container probed = TestPods.container("app").toBuilder()
        .setReadinessProbe(Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("true"))).build();
    pod = TestPods.pod("web", "node-a", probed);
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.RUNNING, 0);
    assertThat(compute(Set.of(), T0).getContainerStatuses(0).getReady()).isFalse();
    assertThat(compute(Set.of("app0"), T0).getContainerStatuses(0).getReady()).isTrue();
  }

  @Test
  void aStartupProbeHoldsStartedAndReadyBack() {
    Container probed = TestPods.container("app").toBuilder()
        .setStartupProbe(Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("true"))).build();
    pod = TestPods.pod("web", "node-a", probed);
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.RUNNING, 0);
    ContainerStatus before = compute(Set.of(), Set.of(), T0).getContainerStatuses(0);
    assertThat(before.getStarted()).isFalse();
    assertThat(before.getReady()).isFalse();
    ContainerStatus after = compute(Set.of(), Set.of("app0"), T0).getContainerStatuses(0);
    assertThat(after.getStarted()).isTrue();
    assertThat(after.getReady()).isTrue();
  }

  @Test
  void transitionTimesMoveOnlyWhenTheConditionChanges() {
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.RUNNING, 0);
    PodStatus first = compute(Set.of(), T0);
    pod = pod.toBuilder().setStatus(first).build();
    PodStatus same = compute(Set.of(), T1);
    assertThat(same).isEqualTo(first);

    containers.clear();
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.EXITED, 1);
    PodStatus changed = compute(Set.of(), T1);
    assertThat(condition(changed, "Ready").getLastTransitionTime()).isEqualTo("2026-11-25T10:05:00Z");
    assertThat(condition(changed, "Initialized").getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(changed.getStartTime()).isEqualTo("2026-11-25T10:00:00Z");
  }

  @Test
  void crashLoopShowsWaitingWithTheLastTermination() {
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.EXITED, 1);
    add("app", 1, ContainerState.EXITED, 2);
    waiting.put("app", new Waiting("CrashLoopBackOff", "back-off 10s restarting failed container=app"));
    PodStatus s = compute();
    ContainerStatus app = s.getContainerStatuses(0);
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(app.getRestartCount()).isEqualTo(1);
    assertThat(s.getPhase()).isEqualTo("Running");
  }

  @Test
  void runningAfterARestartKeepsThePreviousRunAsLastState() {
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.EXITED, 137);
    add("app", 1, ContainerState.RUNNING, 0);
    ContainerStatus app = compute().getContainerStatuses(0);
    assertThat(app.getState().hasRunning()).isTrue();
    assertThat(app.getRestartCount()).isEqualTo(1);
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(app.getLastState().getTerminated().getSignal()).isEqualTo(9);
  }

  @Test
  void phasesFollowRestartPolicy() {
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.EXITED, 0);
    assertThat(compute().getPhase()).as("Always: restarting").isEqualTo("Running");
    pod = TestPods.withRestartPolicy(pod, "OnFailure");
    assertThat(compute().getPhase()).isEqualTo("Succeeded");
    assertThat(compute().getContainerStatuses(0).getState().getTerminated().getReason()).isEqualTo("Completed");
    PodStatus done = compute();
    assertThat(condition(done, "Ready").getReason()).isEqualTo("PodCompleted");

    containers.clear();
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.EXITED, 3);
    assertThat(compute().getPhase()).as("OnFailure with a failure: restarting").isEqualTo("Running");
    pod = TestPods.withRestartPolicy(pod, "Never");
    assertThat(compute().getPhase()).isEqualTo("Failed");
  }

  @Test
  void aTerminalPhaseNeverChanges() {
    pod = TestPods.withRestartPolicy(pod, "Never");
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 0, ContainerState.EXITED, 0);
    PodStatus done = compute();
    assertThat(done.getPhase()).isEqualTo("Succeeded");
    pod = pod.toBuilder().setStatus(done).build();
    containers.clear();
    assertThat(compute(Set.of(), T1)).isEqualTo(done);
  }

  @Test
  void initContainersKeepThePodPendingUntilTheySucceed() {
    pod = TestPods.withInit(pod, TestPods.container("init-a"), TestPods.container("init-b"));
    add("POD", 0, ContainerState.RUNNING, 0);
    add("init-a", 0, ContainerState.RUNNING, 0);
    PodStatus s = compute();
    assertThat(s.getPhase()).isEqualTo("Pending");
    assertThat(condition(s, "Initialized").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Initialized").getMessage()).isEqualTo("containers with incomplete status: [init-a init-b]");
    assertThat(s.getContainerStatuses(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(s.getInitContainerStatuses(1).getState().getWaiting().getReason()).isEqualTo("PodInitializing");

    containers.clear();
    add("POD", 0, ContainerState.RUNNING, 0);
    add("init-a", 0, ContainerState.EXITED, 0);
    add("init-b", 0, ContainerState.EXITED, 0);
    add("app", 0, ContainerState.RUNNING, 0);
    s = compute();
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
    assertThat(s.getInitContainerStatuses(0).getReady()).isTrue();

    containers.clear();
    pod = TestPods.withRestartPolicy(pod, "Never");
    add("POD", 0, ContainerState.RUNNING, 0);
    add("init-a", 0, ContainerState.EXITED, 1);
    assertThat(compute().getPhase()).isEqualTo("Failed");
  }

  @Test
  void oomKilledAndCannotRunHaveTheirReasons() {
    add("POD", 0, ContainerState.RUNNING, 0);
    containers.add(new ContainerInfo("oom", "n", "img", "", Map.of("io.kava.container.name", "app",
        "io.kava.restart-count", "0"), ContainerState.EXITED, 137, true, "", T0, T0, T0, ""));
    pod = TestPods.withRestartPolicy(pod, "Never");
    assertThat(compute().getContainerStatuses(0).getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    containers.remove(1);
    containers.add(new ContainerInfo("bad", "n", "img", "", Map.of("io.kava.container.name", "app",
        "io.kava.restart-count", "0"), ContainerState.EXITED, 127, false, "exec: \"x\": not found", T0, T0, T0, ""));
    var t = compute().getContainerStatuses(0).getState().getTerminated();
    assertThat(t.getReason()).isEqualTo("ContainerCannotRun");
    assertThat(t.getMessage()).contains("not found");
  }

  @Test
  void aVanishedContainerKeepsItsRestartCountAndLastState() {
    add("POD", 0, ContainerState.RUNNING, 0);
    add("app", 2, ContainerState.EXITED, 1);
    PodStatus before = compute();
    pod = pod.toBuilder().setStatus(before).build();
    containers.remove(1);
    ContainerStatus app = compute().getContainerStatuses(0);
    assertThat(app.getRestartCount()).isEqualTo(2);
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
  }

  @Test
  void qosClassFollowsRequestsAndLimits() {
    Container guaranteed = TestPods.container("a").toBuilder().setResources(ResourceRequirements.newBuilder()
        .putLimits("cpu", "1").putLimits("memory", "1Gi").putRequests("cpu", "1000m").putRequests("memory", "1024Mi"))
        .build();
    pod = TestPods.pod("web", "node-a", guaranteed);
    assertThat(compute().getQosClass()).isEqualTo("Guaranteed");
    Container burstable = TestPods.container("a").toBuilder().setResources(ResourceRequirements.newBuilder()
        .putRequests("cpu", "100m")).build();
    pod = TestPods.pod("web", "node-a", burstable);
    assertThat(compute().getQosClass()).isEqualTo("Burstable");
  }
}
