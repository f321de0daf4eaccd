package io.kava.kubelet.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.KubeletStreamingGrpc;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.runtime.ContainerStreams;
import io.kava.kubelet.testing.FakeContainerRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kubelet's streaming service over in-process gRPC, on a fake runtime and scripted streams. */
class KubeletStreamingServiceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final PodRef POD = PodRef.newBuilder().setNamespace("default").setName("p").setUid("uid-1").build();

  private final FakeContainerRuntime runtime = new FakeContainerRuntime(Clock.fixed(NOW, ZoneOffset.UTC));
  private final ScriptedStreams streams = new ScriptedStreams();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private KubeletStreamingService service;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    String name = "kubelet-" + UUID.randomUUID();
    service = new KubeletStreamingService(runtime, streams, "node-1", threads, Clock.fixed(NOW, ZoneOffset.UTC));
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    threads.shutdownNow();
    timers.shutdownNow();
  }

  private final java.util.concurrent.ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  /** The service again, behind a new in-process name, with --streaming-connection-idle-timeout. */
  private ManagedChannel withIdleTimeout(java.time.Duration timeout) throws IOException {
    String name = "kubelet-idle-" + UUID.randomUUID();
    server.shutdownNow();
    server = InProcessServerBuilder.forName(name).addService(new KubeletStreamingService(runtime, streams, "node-1",
        threads, Clock.fixed(NOW, ZoneOffset.UTC), timeout, timers)).build().start();
    channel.shutdownNow();
    channel = InProcessChannelBuilder.forName(name).build();
    return channel;
  }

  @Test
  void anExecThatPassesNoDataForTheIdleTimeoutIsClosedAndItsSessionWithIt() throws Exception {
    container("c", 0, true);
    withIdleTimeout(java.time.Duration.ofMillis(300));
    Recorder out = new Recorder();
    long start = System.nanoTime();
    StreamObserver<StreamInput> in = KubeletStreamingGrpc.newStub(channel).exec(out);
    in.onNext(StreamInput.newBuilder().setStart(StreamStart.newBuilder().setPod(POD).setContainer("c")
        .addCommand("upper").setStdin(true)).build());

    assertThat(out.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    assertThat(out.error).hasMessage("DEADLINE_EXCEEDED: the stream passed no data for 300ms"
        + " (the kubelet's --streaming-connection-idle-timeout)");
    assertThat(out.exitCode).isEqualTo(-1);
    assertThat(streams.sessionsClosed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFollowedLogWithoutNewLinesIsClosedAfterTheIdleTimeout() throws Exception {
    container("c", 0, true);
    withIdleTimeout(java.time.Duration.ofMillis(300));
    Iterator<LogChunk> it = KubeletStreamingGrpc.newBlockingStub(channel)
        .logs(LogRequest.newBuilder().setPod(POD).setContainer("c").setFollow(true).build());
    assertThat(it.next().getData().toStringUtf8()).startsWith("log of ");
    assertThatThrownBy(it::hasNext).isInstanceOf(StatusRuntimeException.class)
        .hasMessageStartingWith("DEADLINE_EXCEEDED: the stream passed no data for 300ms");
    assertThat(streams.followsInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void logsComeFromTheNewestAttemptOrWithPreviousTheOneBefore() {
    String old = container("c", 0, false);
    String current = container("c", 1, true);
    assertThat(logs(LogRequest.newBuilder().setPod(POD).setContainer("c").build())).isEqualTo("log of " + current + "\n");
    assertThat(logs(LogRequest.newBuilder().setPod(POD).setContainer("c").setPrevious(true).build()))
        .isEqualTo("log of " + old + "\n");
  }

  @Test
  void previousWithoutARestartSaysSoAsUpstream() {
    container("c", 0, true);
    assertThatThrownBy(() -> logs(LogRequest.newBuilder().setPod(POD).setContainer("c").setPrevious(true).build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessage("INVALID_ARGUMENT: previous terminated container \"c\" in pod \"p\" not found");
  }

  @Test
  void limitBytesEndsTheStreamNormally() {
    container("c", 0, true);
    String id = runtime.named("c").get(0).id();
    assertThat(logs(LogRequest.newBuilder().setPod(POD).setContainer("c").setLimitBytes(6).build()))
        .isEqualTo(("log of " + id).substring(0, 6));
  }

  @Test
  void sinceAndTailBecomeDockersOptions() {
    ContainerStreams.LogOptions since = service.logOptions(LogRequest.newBuilder().setSinceSeconds(300).setTailLines(5)
        .setFollow(true).setTimestamps(true).build());
    assertThat(since).isEqualTo(new ContainerStreams.LogOptions(true, true, NOW.getEpochSecond() - 300, 5));
    ContainerStreams.LogOptions time = service.logOptions(LogRequest.newBuilder()
        .setSinceTime("2026-12-01T11:00:00Z").build());
    assertThat(time).isEqualTo(new ContainerStreams.LogOptions(false, false, NOW.getEpochSecond() - 3600, -1));
  }

  @Test
  void execSendsStdinAndEndsWithTheExitCode() throws Exception {
    container("c", 0, true);
    Recorder out = new Recorder();
    StreamObserver<StreamInput> in = KubeletStreamingGrpc.newStub(channel).exec(out);
    in.onNext(StreamInput.newBuilder().setStart(StreamStart.newBuilder().setPod(POD).setContainer("c")
        .addCommand("upper").setStdin(true)).build());
    in.onNext(StreamInput.newBuilder().setStdin(ByteString.copyFromUtf8("abc")).build());
    in.onNext(StreamInput.newBuilder().setCloseStdin(true).build());
    assertThat(out.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out.stdout.toString(StandardCharsets.UTF_8)).isEqualTo("ABC");
    assertThat(out.exitCode).isEqualTo(7);
    assertThat(out.error).isNull();
    assertThat(streams.lastCommand).containsExactly("upper");
  }

  @Test
  void execInAStoppedContainerIsRefused() throws Exception {
    container("c", 0, false);
    Recorder out = new Recorder();
    StreamObserver<StreamInput> in = KubeletStreamingGrpc.newStub(channel).exec(out);
    in.onNext(StreamInput.newBuilder().setStart(StreamStart.newBuilder().setPod(POD).setContainer("c")
        .addCommand("true")).build());
    assertThat(out.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out.error).hasMessage("FAILED_PRECONDITION: container \"c\" in pod \"p\" is not running");
  }

  private String container(String name, int restartCount, boolean running) {
    Map<String, String> labels = new LinkedHashMap<>(ContainerLabels.ofPod("node-1", POD.getUid()));
    labels.put(ContainerLabels.POD_NAMESPACE, POD.getNamespace());
    labels.put(ContainerLabels.POD_NAME, POD.getName());
    labels.put(ContainerLabels.CONTAINER_NAME, name);
    labels.put(ContainerLabels.RESTART_COUNT, Integer.toString(restartCount));
    return runtime.addForeign(labels, running);
  }

  private String logs(LogRequest request) {
    StringBuilder text = new StringBuilder();
    Iterator<LogChunk> it = KubeletStreamingGrpc.newBlockingStub(channel).logs(request);
    it.forEachRemaining(c -> text.append(c.getData().toStringUtf8()));
    return text.toString();
  }

  /** Logs name the container they come from; exec upper-cases stdin and exits 7. */
  private static final class ScriptedStreams implements ContainerStreams {
    volatile List<String> lastCommand;
    final CountDownLatch sessionsClosed = new CountDownLatch(1);
    final CountDownLatch followsInterrupted = new CountDownLatch(1);

    /** With follow, no more lines come: it waits until the kubelet interrupts it (the engine's stream closed). */
    @Override
    public void logs(String containerId, LogOptions options, OutputStream out) throws IOException {
      out.write(("log of " + containerId + "\n").getBytes(StandardCharsets.UTF_8));
      if (options.follow()) {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          followsInterrupted.countDown();
          throw new java.io.InterruptedIOException();
        }
      }
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, Stdio stdio) {
      lastCommand = command;
      return new StreamSession() {
        @Override
        public void resize(int width, int height) {
        }

        @Override
        public int awaitExit() {
          try {
            String input = new String(stdio.stdin().readAllBytes(), StandardCharsets.UTF_8);
            stdio.stdout().write(input.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return 7;
        }

        @Override
        public void close() {
          sessionsClosed.countDown();
        }
      };
    }

    @Override
    public StreamSession attach(String containerId, Stdio stdio) {
      throw new UnsupportedOperationException();
    }
  }

  private static final class Recorder implements StreamObserver<StreamOutput> {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final CountDownLatch done = new CountDownLatch(1);
    volatile int exitCode = -1;
    volatile Throwable error;

    @Override
    public void onNext(StreamOutput value) {
      if (value.hasStdout()) {
        stdout.writeBytes(value.getStdout().toByteArray());
      } else if (value.hasExitCode()) {
        exitCode = value.getExitCode();
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }
  }
}
