package io.kava.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HostConfig the runtime sends Docker, built without an engine. */
class DockerHostConfigTest {
  private static ContainerConfig withResources(ContainerConfig.Resources resources) {
    return new ContainerConfig("k8s_app", "kava/busybox:latest", List.of(), List.of(), List.of(), "", Map.of(),
        null, "container:sandbox", List.of(), resources);
  }

  @Test
  void aProcessLimitBecomesPidsLimitBesideTheOtherCgroupSettings() {
    HostConfig host = DockerContainerRuntime.hostConfig(
        withResources(new ContainerConfig.Resources(256, 25_000, 100_000, 64L * 1024 * 1024).withPidsLimit(4096)));
    assertThat(host.getPidsLimit()).isEqualTo(4096L);
    assertThat(host.getCpuShares()).isEqualTo(256);
    assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
    assertThat(host.getNetworkMode()).isEqualTo("container:sandbox");
  }

  @Test
  void withoutALimitPidsLimitIsLeftToDockersDefault() {
    assertThat(DockerContainerRuntime.hostConfig(withResources(ContainerConfig.Resources.NONE)).getPidsLimit()).isNull();
    assertThat(ContainerConfig.Resources.NONE.withPidsLimit(-1).pidsLimit()).isZero();
  }
}
