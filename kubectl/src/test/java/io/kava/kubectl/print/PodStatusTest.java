package io.kava.kubectl.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerState;
import io.kava.api.core.v1.ContainerStateRunning;
import io.kava.api.core.v1.ContainerStateTerminated;
import io.kava.api.core.v1.ContainerStateWaiting;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodStatus.Builder;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PodStatusTest {

  private static Pod pod(java.util.function.Consumer<Builder> status) {
    Pod p = Objects.pod("default", "web", Duration.ofMinutes(5));
    Builder b = p.getStatus().toBuilder();
    status.accept(b);
    return p.toBuilder().setStatus(b).build();
  }

  private static ContainerStatus.Builder container(ContainerState state, boolean ready, int restarts) {
    return ContainerStatus.newBuilder().setName("app").setState(state).setReady(ready).setRestartCount(restarts);
  }

  private static ContainerState waiting(String reason) {
    return ContainerState.newBuilder().setWaiting(ContainerStateWaiting.newBuilder().setReason(reason)).build();
  }

  private static ContainerState running() {
    return ContainerState.newBuilder().setRunning(ContainerStateRunning.newBuilder().setStartedAt("2024-06-01T11:59:00Z"))
        .build();
  }

  private static ContainerState terminated(String reason, int exitCode) {
    return ContainerState.newBuilder().setTerminated(ContainerStateTerminated.newBuilder().setReason(reason)
        .setExitCode(exitCode)).build();
  }

  @Test
  void runningAndReady() {
    PodStatus s = PodStatus.of(pod(b -> b.setPhase("Running").addContainerStatuses(container(running(), true, 0))), CliRun.NOW);

    assertThat(s).isEqualTo(new PodStatus("1/1", "Running", "0"));
  }

  @Test
  void aNewPodWithoutStatusIsPending() {
    assertThat(PodStatus.of(pod(b -> {}), CliRun.NOW)).isEqualTo(new PodStatus("0/1", "Pending", "0"));
  }

  @Test
  void waitingReasonWinsOverThePhase() {
    assertThat(PodStatus.of(pod(b -> b.setPhase("Pending").addContainerStatuses(container(waiting("ContainerCreating"),
        false, 0))), CliRun.NOW).status()).isEqualTo("ContainerCreating");
    assertThat(PodStatus.of(pod(b -> b.setPhase("Pending").addContainerStatuses(container(waiting("ImagePullBackOff"),
        false, 0))), CliRun.NOW).status()).isEqualTo("ImagePullBackOff");
  }

  @Test
  void crashLoopShowsRestartsAndWhenTheLastOneEnded() {
    ContainerStatus.Builder cs = container(waiting("CrashLoopBackOff"), false, 5)
        .setLastState(ContainerState.newBuilder().setTerminated(ContainerStateTerminated.newBuilder()
            .setExitCode(1).setReason("Error").setFinishedAt("2024-06-01T11:58:00Z")));

    PodStatus s = PodStatus.of(pod(b -> b.setPhase("Running").addContainerStatuses(cs)), CliRun.NOW);

    assertThat(s).isEqualTo(new PodStatus("0/1", "CrashLoopBackOff", "5 (2m ago)"));
  }

  @Test
  void terminatedContainersShowTheirReasonOrExitCode() {
    assertThat(PodStatus.of(pod(b -> b.setPhase("Succeeded").addContainerStatuses(container(terminated("Completed", 0),
        false, 0))), CliRun.NOW).status()).isEqualTo("Completed");
    assertThat(PodStatus.of(pod(b -> b.setPhase("Failed").addContainerStatuses(container(terminated("", 137),
        false, 0))), CliRun.NOW).status()).isEqualTo("ExitCode:137");
  }

  @Test
  void deletionTimestampMeansTerminating() {
    Pod p = pod(b -> b.setPhase("Running").addContainerStatuses(container(running(), true, 0)));
    p = p.toBuilder().setMetadata(p.getMetadata().toBuilder().setDeletionTimestamp("2024-06-01T11:59:50Z")).build();

    assertThat(PodStatus.of(p, CliRun.NOW).status()).isEqualTo("Terminating");
  }

  @Test
  void initContainersShowProgress() {
    Pod p = pod(b -> b.setPhase("Pending")
        .addInitContainerStatuses(container(waiting("PodInitializing"), false, 0).setName("init"))
        .addContainerStatuses(container(waiting("PodInitializing"), false, 0)));
    p = p.toBuilder().setSpec(p.getSpec().toBuilder().addInitContainers(Container.newBuilder().setName("init"))).build();

    assertThat(PodStatus.of(p, CliRun.NOW).status()).isEqualTo("Init:0/1");
  }

  @Test
  void completedButStillRunningContainerIsRunningWhenReady() {
    Pod p = pod(b -> b.setPhase("Running")
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus("True"))
        .addContainerStatuses(container(terminated("Completed", 0), false, 0).setName("a"))
        .addContainerStatuses(container(running(), true, 0).setName("b")));

    assertThat(PodStatus.of(p, CliRun.NOW).status()).isEqualTo("Running");
  }
}
