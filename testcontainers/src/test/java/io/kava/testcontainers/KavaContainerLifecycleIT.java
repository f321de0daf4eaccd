package io.kava.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * Start, stop and restart leave nothing behind; two clusters in one JVM at once are separate. One
 * scenario (each start costs tens of seconds): A and B start together, A's object is not B's, A stops
 * and is gone while B answers, A starts again as a fresh cluster, both stop and are gone.
 */
class KavaContainerLifecycleIT {
  private static final KavaContainer A = new KavaContainer();
  private static final KavaContainer B = new KavaContainer();

  @AfterAll
  static void stopBoth() {
    A.stop();
    B.stop();
  }

  @Test
  void twoClustersAtOnceThenStopAndRestartLeaveNothingBehind() {
    CompletableFuture.allOf(CompletableFuture.runAsync(A::start), CompletableFuture.runAsync(B::start)).join();
    assertThat(A.getMappedPort(KavaContainer.API_PORT)).isNotEqualTo(B.getMappedPort(KavaContainer.API_PORT));

    A.client().resource(ConfigMap.class).create(configMap("only-in-a"), false);
    assertThat(A.client().resource(ConfigMap.class).get("default", "only-in-a").getMetadata().getName()).isEqualTo("only-in-a");
    assertThatThrownBy(() -> B.client().resource(ConfigMap.class).get("default", "only-in-a"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());

    Leftovers first = Leftovers.of(A);
    A.stop();
    first.assertGone();
    assertThat(B.kavactl("get", "nodes").stdout()).contains("Ready");

    A.start();
    assertThat(A.getContainerId()).isNotEqualTo(first.containerId());
    assertThatThrownBy(() -> A.client().resource(ConfigMap.class).get("default", "only-in-a"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());

    Leftovers again = Leftovers.of(A);
    Leftovers other = Leftovers.of(B);
    A.stop();
    B.stop();
    again.assertGone();
    other.assertGone();
  }

  private static ConfigMap configMap(String name) {
    return ConfigMap.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name).setNamespace("default")).build();
  }

  /** What a running container holds on the outer engine: itself, its volumes, its networks. */
  private record Leftovers(String containerId, List<String> volumes, List<String> networks) {
    static Leftovers of(KavaContainer container) {
      InspectContainerResponse inspect = container.getContainerInfo();
      List<String> volumes = inspect.getMounts() == null ? List.of()
          : inspect.getMounts().stream().filter(m -> m.getName() != null).map(m -> m.getName()).toList();
      List<String> networks = inspect.getNetworkSettings().getNetworks().values().stream()
          .map(n -> n.getNetworkID()).toList();
      return new Leftovers(container.getContainerId(), volumes, networks);
    }

    void assertGone() {
      DockerClient docker = DockerClientFactory.instance().client();
      assertThatThrownBy(() -> docker.inspectContainerCmd(containerId).exec()).isInstanceOf(NotFoundException.class);
      for (String volume : volumes) {
        assertThatThrownBy(() -> docker.inspectVolumeCmd(volume).exec()).isInstanceOf(NotFoundException.class);
      }
      // Only the engine's default bridge: a network of the container's own would outlive it.
      String bridge = docker.inspectNetworkCmd().withNetworkId("bridge").exec().getId();
      assertThat(networks).containsOnly(bridge);
    }
  }
}
