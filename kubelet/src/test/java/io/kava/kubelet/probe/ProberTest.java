package io.kava.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.TCPSocketAction;
import io.kava.api.meta.v1.IntOrString;
import io.kava.client.testing.MutableClock;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.testing.FakeContainerRuntime;
import io.kava.kubelet.testing.RecordingEvents;
import io.kava.kubelet.testing.TestPods;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes against a real HTTP server and sockets on loopback (standing in for the pod IP). */
class ProberTest {
  private final FakeContainerRuntime runtime = new FakeContainerRuntime(new MutableClock());
  private final Prober prober = new Prober(runtime);
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer server;
  private int port;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/healthz", exchange -> {
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private Container withPort() {
    return TestPods.container("app").toBuilder()
        .addPorts(ContainerPort.newBuilder().setName("http").setContainerPort(port)).build();
  }

  @Test
  void httpGetSucceedsOn2xxAnd3xxAndFailsOtherwise() {
    Probe probe = Probe.newBuilder().setHttpGet(HTTPGetAction.newBuilder().setPath("/healthz")
        .setPort(IntOrString.newBuilder().setStrVal("http"))).build();
    assertThat(prober.probe(probe, withPort(), "id", "127.0.0.1").success()).isTrue();
    status.set(302);
    assertThat(prober.probe(probe, withPort(), "id", "127.0.0.1").success()).isTrue();
    status.set(500);
    ProbeResult failed = prober.probe(probe, withPort(), "id", "127.0.0.1");
    assertThat(failed.success()).isFalse();
    assertThat(failed.message()).isEqualTo("HTTP probe failed with statuscode: 500");
  }

  @Test
  void tcpSocketChecksThatThePortAccepts() throws IOException {
    Probe open = Probe.newBuilder().setTcpSocket(TCPSocketAction.newBuilder()
        .setPort(IntOrString.newBuilder().setIntVal(port))).build();
    assertThat(prober.probe(open, withPort(), "id", "127.0.0.1").success()).isTrue();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    Probe closed = Probe.newBuilder().setTcpSocket(TCPSocketAction.newBuilder()
        .setPort(IntOrString.newBuilder().setIntVal(closedPort))).build();
    ProbeResult r = prober.probe(closed, withPort(), "id", "127.0.0.1");
    assertThat(r.success()).isFalse();
    assertThat(r.message()).startsWith("dial tcp 127.0.0.1:" + closedPort);
  }

  @Test
  void execUsesTheExitCode() {
    runtime.execHandler(cmd -> cmd.equals(List.of("cat", "/tmp/healthy")) ? new ExecResult(0, "", false)
        : new ExecResult(1, "cat: can't open '/tmp/ready': No such file or directory", false));
    Probe ok = Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("cat").addCommand("/tmp/healthy")).build();
    Probe bad = Probe.newBuilder().setExec(ExecAction.newBuilder().addCommand("cat").addCommand("/tmp/ready")).build();
    assertThat(prober.probe(ok, withPort(), "id", "").success()).isTrue();
    assertThat(prober.probe(bad, withPort(), "id", "").message()).contains("No such file");
  }

  @Test
  void refusesHostsOutsideThePodAndLoopback() {
    Probe elsewhere = Probe.newBuilder().setHttpGet(HTTPGetAction.newBuilder().setHost("10.1.2.3")
        .setPort(IntOrString.newBuilder().setIntVal(80))).build();
    ProbeResult r = prober.probe(elsewhere, withPort(), "id", "172.17.0.4");
    assertThat(r.success()).isFalse();
    assertThat(r.message()).contains("refused");
    Probe unknownPort = Probe.newBuilder().setTcpSocket(TCPSocketAction.newBuilder()
        .setPort(IntOrString.newBuilder().setStrVal("metrics"))).build();
    assertThat(prober.probe(unknownPort, withPort(), "id", "127.0.0.1").message())
        .contains("\"metrics\" is not a port of container app");
  }

  @Test
  void workerAppliesThresholds() {
    AtomicInteger exit = new AtomicInteger(0);
    runtime.execHandler(cmd -> new ExecResult(exit.get(), "", false));
    Container c = TestPods.container("app").toBuilder().setReadinessProbe(Probe.newBuilder()
        .setExec(ExecAction.newBuilder().addCommand("check")).setSuccessThreshold(2).setFailureThreshold(2)).build();
    RecordingEvents events = new RecordingEvents();
    ProbeWorker w = new ProbeWorker(prober, events, TestPods.pod("web", "n", c), c, "id",
        ProbeWorker.Type.READINESS, "");
    assertThat(w.passing()).isFalse();
    assertThat(w.runOnce()).isFalse();
    assertThat(w.runOnce()).as("second success in a row").isTrue();
    assertThat(w.passing()).isTrue();
    exit.set(1);
    assertThat(w.runOnce()).isFalse();
    assertThat(w.passing()).as("one failure is below the threshold").isTrue();
    assertThat(w.runOnce()).isTrue();
    assertThat(w.passing()).isFalse();
    assertThat(events.events).containsOnly("Warning Unhealthy Readiness probe failed: command exited with 1");
  }
}
