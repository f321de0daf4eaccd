package io.kava.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Host ports on the host's engine: the test JVM connects to the published port, which a hermetic engine
 * would publish inside its own container's network namespace, out of the JVM's reach.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerHostPortsIT {
  private TestDocker docker;
  private DockerContainerRuntime runtime;

  @BeforeEach
  void setUp() {
    docker = new TestDocker("ports-it");
    runtime = docker.runtime();
  }

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void publishesHostPortsOnTheGivenAddress() throws Exception {
    int port = freePort();
    ContainerConfig config = new ContainerConfig("k8s_ports_" + docker.node(), TestDocker.BUSYBOX,
        List.of("sh", "-c", "echo published > /tmp/index.html; exec httpd -f -p 80 -h /tmp"), List.of(), List.of(),
        "", docker.labels(), "ports", null, List.of(new ContainerConfig.PortMapping("127.0.0.1", port, 80, "TCP")),
        ContainerConfig.Resources.NONE);
    String id = runtime.createContainer(config);
    runtime.startContainer(id);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var http = java.net.http.HttpClient.newHttpClient();
      var response = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/index.html")).timeout(Duration.ofSeconds(2)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).contains("published");
    });
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
