package io.kava.kubectl.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.DaemonEndpoint;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeDaemonEndpoints;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.v1.ApiGrpc;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.KavaClient;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kavactl's stream verbs through a real (in-memory) API server to a scripted kubelet on loopback: the
 * relay's flow control, the API server's checks and error wording, and the client's plumbing.
 */
class PodStreamsPlumbingTest {
  private FakeKubelet kubelet;
  private InProcessApi api;
  private CliRun cli;

  @BeforeEach
  void start() {
    kubelet = new FakeKubelet();
    api = new InProcessApi();
    addNode("node-1", kubelet.port());
    addPod("p", "node-1", "c");
    addPod("endless", "node-1", "endless");
    addPod("pair", "node-1", "a", "b");
    cli = new CliRun(server -> new KavaClient(api.client.channel(), false, Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    api.close();
    kubelet.close();
  }

  @Test
  void logsReachTheKubeletWithTheOptionsAndThePodsUid() {
    Result r = cli.run("logs", "p", "--tail", "3", "--timestamps", "--since", "5m", "--limit-bytes", "100");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("line 1\nline 2\n");
    LogRequest sent = kubelet.lastLogRequest;
    assertThat(sent.getContainer()).isEqualTo("c");
    assertThat(sent.getTailLines()).isEqualTo(3);
    assertThat(sent.getTimestamps()).isTrue();
    assertThat(sent.getSinceSeconds()).isEqualTo(300);
    assertThat(sent.getLimitBytes()).isEqualTo(100);
    assertThat(sent.getPod().getUid()).as("filled in by the API server").isNotEmpty()
        .isEqualTo(api.client.resource(Pod.class).get("default", "p").getMetadata().getUid());
  }

  @Test
  void kubeletRefusalsAndApiChecksReadAsKubectls() {
    assertThat(cli.run("logs", "p", "--previous").err())
        .isEqualTo("Error from server (BadRequest): previous terminated container \"c\" in pod \"p\" not found\n");
    assertThat(cli.run("logs", "p", "-c", "x").err())
        .isEqualTo("Error from server (BadRequest): container x is not valid for pod p\n");
    assertThat(cli.run("logs", "nope").err()).isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
  }

  @Test
  void aSecondContainerIsChosenByDefaultWithKubectlsLine() {
    Result r = cli.run("logs", "pair");
    assertThat(r.err()).isEqualTo("Defaulted container \"a\" out of: a, b\n");
    assertThat(kubelet.lastLogRequest.getContainer()).isEqualTo("a");
    Result prefixed = cli.run("logs", "pair", "--all-containers", "--prefix");
    assertThat(prefixed.out()).isEqualTo("[pod/pair/a] line 1\n[pod/pair/a] line 2\n[pod/pair/b] line 1\n[pod/pair/b] line 2\n");
  }

  @Test
  void anUnreachableKubeletIsTheBackendsFault() {
    addNode("node-2", ApiServerHarness.freePort());
    addPod("lost", "node-2", "c");
    String err = cli.run("logs", "lost").err();
    assertThat(err).startsWith("Error from server (ServiceUnavailable): error dialing backend: node node-2: ");
  }

  @Test
  void execPassesOutputAndTheExitCodeThrough() {
    Result r = cli.run("exec", "p", "--", "exit", "3");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).isEqualTo("err\ncommand terminated with exit code 3\n");
  }

  @Test
  void execWithStdinSendsItAndEndsWhenItCloses() {
    Result r = cli.stdin("hello\n").run("exec", "-i", "p", "--", "upper");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("HELLO\n");
  }

  @Test
  void execWithoutACommandIsRefusedBeforeConnecting() {
    Result r = cli.run("exec", "p");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: you must specify at least one command for the container\n");
  }

  @Test
  void aClientThatDoesNotReadHoldsTheKubeletBackInsteadOfFillingTheApiServer() {
    AtomicInteger received = new AtomicInteger();
    ClientResponseObserver<LogRequest, LogChunk> slow = new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<LogRequest> call) {
        call.disableAutoRequestWithInitial(2); // and never more
      }

      @Override
      public void onNext(LogChunk value) {
        received.incrementAndGet();
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onCompleted() {
      }
    };
    ApiGrpc.newStub(api.client.channel()).podLogs(LogRequest.newBuilder()
        .setPod(PodRef.newBuilder().setNamespace("default").setName("endless")).build(), slow);
    await("two chunks read, and the kubelet waiting").atMost(Duration.ofSeconds(10))
        .until(() -> received.get() == 2 && kubelet.producerWaiting.get());
    // gRPC's windows on the loopback hop (about 1 MiB) and one message in the relay, nothing like an unbounded log.
    assertThat(kubelet.produced.get()).isLessThan(4L * 1024 * 1024);
  }

  @Test
  void portForwardRelaysAConnectionBothWays() throws Exception {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    try (PortForwarder forwarder = new PortForwarder(api.client.channel(),
        PodRef.newBuilder().setNamespace("default").setName("p").build(), new PrintStream(lines, true, StandardCharsets.UTF_8))) {
      List<Integer> ports = forwarder.listen(List.of("localhost"), List.of(PortForwarder.Mapping.parse("0:80")));
      assertThat(lines.toString(StandardCharsets.UTF_8)).isEqualTo("Forwarding from 127.0.0.1:" + ports.get(0) + " -> 80\n");
      try (Socket s = new Socket("127.0.0.1", ports.get(0))) {
        OutputStream out = s.getOutputStream();
        out.write("ping".getBytes(StandardCharsets.UTF_8));
        out.flush();
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ping");
      }
    }
  }

  private void addNode(String name, int port) {
    Node created = api.client.resource(Node.class).create(Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).build());
    api.client.resource(Node.class).updateStatus(created.toBuilder().setStatus(NodeStatus.newBuilder()
        .addAddresses(NodeAddress.newBuilder().setType("InternalIP").setAddress("127.0.0.1"))
        .setDaemonEndpoints(NodeDaemonEndpoints.newBuilder().setKubeletEndpoint(DaemonEndpoint.newBuilder().setPort(port))))
        .build());
  }

  private void addPod(String name, String node, String... containers) {
    PodSpec.Builder spec = PodSpec.newBuilder();
    for (String c : containers) {
      spec.addContainers(Container.newBuilder().setName(c).setImage("busybox"));
    }
    api.client.resource(Pod.class).create(Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setName(name).setNamespace("default")).setSpec(spec).build());
    api.client.resource(Pod.class).bind("default", name, node);
  }
}
