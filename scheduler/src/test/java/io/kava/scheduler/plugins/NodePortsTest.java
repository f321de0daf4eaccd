package io.kava.scheduler.plugins;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.withHostPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodePortsTest {
  private final NodePorts filter = new NodePorts();

  /**
   * Upstream's HostPortInfo rules: empty protocol is TCP, empty host IP is 0.0.0.0 which overlaps
   * every address. Columns: used port, protocol, IP; wanted port, protocol, IP; conflict.
   */
  @ParameterizedTest(name = "{0}/{1}@{2} then {3}/{4}@{5}: conflict {6}")
  @CsvSource(value = {
      "8080, TCP, '',        8080, TCP, '',        true",
      "8080, '',  '',        8080, TCP, '',        true",   // empty protocol is TCP
      "8080, TCP, '',        8081, TCP, '',        false",
      "8080, TCP, '',        8080, UDP, '',        false",  // other protocol
      "8080, TCP, '',        8080, TCP, 127.0.0.2, true",   // 0.0.0.0 holds it on every address
      "8080, TCP, 127.0.0.2, 8080, TCP, '',        true",   // 0.0.0.0 wants every address
      "8080, TCP, 127.0.0.2, 8080, TCP, 127.0.0.2, true",
      "8080, TCP, 127.0.0.2, 8080, TCP, 127.0.0.3, false",  // two distinct addresses
      "8080, TCP, 0.0.0.0,   8080, TCP, 127.0.0.3, true",
      "8080, SCTP, '',       8080, SCTP, '',       true",
  })
  void hostPortConflicts(int usedPort, String usedProtocol, String usedIp, int port, String protocol, String ip,
      boolean conflict) {
    Pod existing = boundTo(withHostPort(pod("a"), usedPort, usedProtocol, usedIp), "n1");
    Pod wanting = withHostPort(pod("b"), port, protocol, ip);

    var result = filter.filter(wanting, info(node("n1"), existing));

    assertThat(result.isSuccess()).isEqualTo(!conflict);
    if (conflict) {
      assertThat(result.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
    }
  }

  @ParameterizedTest(name = "container port {0} without a host port never conflicts")
  @CsvSource({"8080", "53"})
  void containerPortsWithoutHostPortAreFree(int port) {
    Pod existing = boundTo(withHostPort(pod("a"), port, "TCP", ""), "n1");
    Pod plain = pod("b").toBuilder().setSpec(pod("b").getSpec().toBuilder().setContainers(0,
        pod("b").getSpec().getContainers(0).toBuilder().addPorts(
            io.kava.api.core.v1.ContainerPort.newBuilder().setContainerPort(port)))).build();

    assertThat(filter.filter(plain, info(node("n1"), existing)).isSuccess()).isTrue();
  }
}
