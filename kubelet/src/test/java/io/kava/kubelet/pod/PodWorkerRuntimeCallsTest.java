package io.kava.kubelet.pod;

import static io.kava.kubelet.testing.TestPods.container;
import static io.kava.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.kubelet.testing.FakeContainerRuntime;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How many engine calls a sync makes, and what overlaps the sandbox's start (issue 9): one look at the pod's containers per sync, refreshed only
 * where the sync wrote. It used to list and inspect every container up to four times: 16 calls for a
 * steady 2-container pod.
 */
class PodWorkerRuntimeCallsTest {
  private PodWorkerHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aSteadySyncOfATwoContainerPodListsOnceAndInspectsEachContainerOnce() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"),
        container("side", "sleep", "3600")));
    h.sync();
    h.runtime.resetCalls();

    h.sync();
    assertThat(h.runtime.calls()).isEqualTo(Map.of("list", 1, "inspect", 3));
  }

  @Test
  void theFirstSyncInspectsOnlyWhatItCreated() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"),
        container("side", "sleep", "3600")));
    h.runtime.resetCalls();

    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Running");
    // One list; the sandbox's create, start, inspect (its IP); each container's image and create (while the
    // sandbox starts), its start as soon as the sandbox runs, and an inspect for the status. The sandbox's
    // image is looked up only when its create fails; a container just created is not inspected before its start.
    assertThat(h.runtime.calls()).isEqualTo(Map.of("list", 1, "imageId", 2, "create", 3, "start", 3,
        "inspect", 3));
  }

  @Test
  void aNewOneContainerPodCostsEightEngineCalls() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.runtime.resetCalls();

    h.sync();
    assertThat(h.status().getPhase()).isEqualTo("Running");
    assertThat(h.runtime.calls()).isEqualTo(Map.of("list", 1, "imageId", 1, "create", 2, "start", 2,
        "inspect", 2));
    assertThat(h.events.events).containsSubsequence("Normal Created Created container app",
        "Normal Started Started container app");
  }

  @Test
  void aMissingSandboxImageIsNamedWhenTheSandboxsCreateFails() {
    h = PodWorkerHarness.onRuntime(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")),
        new FakeContainerRuntime(Clock.systemUTC()).withImage(TestPods.IMAGE), PodWorkerHarness.NODE,
        PodWorkerHarness.NODE_IP, 1.0);

    h.sync();
    assertThat(h.runtime.all()).isEmpty();
    assertThat(h.events.events).contains("Warning FailedCreatePodSandBox Failed to create pod sandbox: sandbox image"
        + " \"kava/pause:3.9\" is not present; build it with deploy/images/pause/build.sh");
  }

  @Test
  void aContainerWhoseEnvironmentNeedsThePodIpIsCreatedOnceTheSandboxRuns() {
    Container app = container("app", "sleep", "3600").toBuilder().addEnv(EnvVar.newBuilder().setName("POD_IP")
        .setValueFrom(EnvVarSource.newBuilder().setFieldRef(ObjectFieldSelector.newBuilder()
            .setFieldPath("status.podIP")))).build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, app, container("side", "sleep", "3600")));

    h.sync();
    String ip = h.runtime.named("POD").get(0).ipAddress();
    assertThat(ip).isNotEmpty();
    assertThat(h.runtime.config(h.latest("app").id()).env()).contains("POD_IP=" + ip);
    assertThat(h.latest("side").running()).isTrue();
    assertThat(h.events.events).containsOnlyOnce("Normal Created Created container app",
        "Normal Created Created container side");
  }

  @Test
  void aRestartAfterACrashInspectsTheNewContainerAndNotTheOthers() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"),
        container("side", "sleep", "3600")));
    h.sync();
    h.runtime.exit(h.latest("app").id(), 1);
    h.clock.advance(Duration.ofSeconds(1));
    h.runtime.resetCalls();

    h.sync();
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getRestartCount()).isEqualTo(1);
    h.runtime.resetCalls(); // latest() inspected
    h.sync();
    assertThat(h.runtime.calls()).isEqualTo(Map.of("list", 1, "inspect", 4));
  }
}
