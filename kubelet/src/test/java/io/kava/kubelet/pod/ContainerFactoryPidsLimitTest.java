package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.testing.MapConfigLookup;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --pod-max-pids: every container of a pod gets the process limit, the sandbox included; -1 and 0 set none. */
class ContainerFactoryPidsLimitTest {
  private static final Pod POD = TestPods.pod("web", "node-a", TestPods.container("app", "sleep", "3600"));

  private static ContainerFactory factory(long podPidsLimit) {
    return new ContainerFactory("node-a", "127.0.0.11", "kava/pause:3.9",
        new EnvResolver(new MapConfigLookup(), () -> Optional.of(List.of())), new ContainerSecurity(image -> ""),
        new TerminationMessages(uid -> Path.of("/nonexistent"), TerminationMessages.LogTail.NONE), podPidsLimit);
  }

  @Test
  void theSandboxAndEveryContainerCarryTheLimit() throws Exception {
    ContainerFactory factory = factory(4096);
    assertThat(factory.sandbox(POD, 0).resources().pidsLimit()).isEqualTo(4096);
    Pod hostNetwork = POD.toBuilder().setSpec(POD.getSpec().toBuilder().setHostNetwork(true)).build();
    assertThat(factory.sandbox(hostNetwork, 0).resources().pidsLimit()).isEqualTo(4096);
    ContainerConfig app = factory.container(POD, POD.getSpec().getContainers(0), "sandbox-id", "10.0.0.5", 0, List.of());
    assertThat(app.resources().pidsLimit()).isEqualTo(4096);
    // The limit comes beside the container's own cgroup settings, not instead of them.
    assertThat(app.resources().cpuShares()).isEqualTo(ResourceLimits.of(POD.getSpec().getContainers(0)).cpuShares());
  }

  @Test
  void upstreamsDefaultAndZeroSetNoLimit() throws Exception {
    for (long none : new long[] {-1, 0}) {
      ContainerFactory factory = factory(none);
      assertThat(factory.sandbox(POD, 0).resources().pidsLimit()).isZero();
      assertThat(factory.container(POD, POD.getSpec().getContainers(0), "sandbox-id", "10.0.0.5", 0, List.of())
          .resources().pidsLimit()).isZero();
    }
  }
}
