package io.kava.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.testsupport.HermeticDockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hermetic engines side by side (HermeticDockerEngine): neither sees the other's containers, the host's
 * engine sees neither's, and closing one leaves no container and no socket folder behind.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HermeticDockerIsolationIT {

  @Test
  void twoEnginesAndTheHostsDoNotSeeEachOthersContainers() throws Exception {
    HermeticDockerEngine first = HermeticDockerEngine.start();
    HermeticDockerEngine second = HermeticDockerEngine.start();
    String firstContainer = first.containerId();
    String firstSocket = first.dockerHost().substring("unix://".length());
    try (TestDocker onFirst = TestDocker.on(first, "iso-a");
        TestDocker onSecond = TestDocker.on(second, "iso-b");
        TestDocker onHost = new TestDocker("iso-host")) {
      String inFirst = sleeper(onFirst);
      String inSecond = sleeper(onSecond);

      assertThat(ids(onFirst)).containsExactly(inFirst);
      assertThat(ids(onSecond)).containsExactly(inSecond);
      // Not even by id: the engines share nothing, so the other's ids mean nothing to them.
      assertThat(onFirst.runtime().inspectContainer(inSecond)).isEmpty();
      assertThat(onSecond.runtime().inspectContainer(inFirst)).isEmpty();
      assertThat(onHost.runtime().inspectContainer(inFirst)).isEmpty();
      assertThat(onHost.runtime().inspectContainer(inSecond)).isEmpty();
      assertThat(onHost.runtime().listContainers(Map.of("io.kava.managed", "true")))
          .extracting(ContainerSummary::id).doesNotContain(inFirst, inSecond);
      // The host's engine sees each inner engine as one container of its own.
      assertThat(onHost.runtime().inspectContainer(firstContainer)).get().matches(ContainerInfo::running);
    } finally {
      first.close();
      second.close();
    }
    try (TestDocker onHost = new TestDocker("iso-after")) {
      assertThat(onHost.runtime().inspectContainer(firstContainer)).as("the first engine's container").isEmpty();
    }
    assertThat(Files.exists(Path.of(firstSocket).getParent())).as("the socket's folder").isFalse();
  }

  private static String sleeper(TestDocker docker) throws Exception {
    DockerContainerRuntime runtime = docker.runtime();
    String id = runtime.createContainer(new ContainerConfig("k8s_sleep_" + docker.node(), TestDocker.BUSYBOX,
        List.of("sleep", "3600"), List.of(), List.of(), "", docker.labels(), null, null, List.of(),
        ContainerConfig.Resources.NONE));
    runtime.startContainer(id);
    return id;
  }

  private static List<String> ids(TestDocker docker) {
    return docker.runtime().listContainers(Map.of("io.kava.managed", "true")).stream().map(ContainerSummary::id).toList();
  }
}
