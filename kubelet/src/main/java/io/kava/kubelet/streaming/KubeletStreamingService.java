package io.kava.kubelet.streaming;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.KubeletStreamingGrpc;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardOutput;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStreams;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's side of pods/log, pods/exec, pods/attach and pods/portforward. Each stream runs on a
 * thread of its own that blocks on the engine and on the client (see {@link OutboundGate}); cancelling
 * the call interrupts that thread, which closes the engine's stream. A stream that passes no data either
 * way for --streaming-connection-idle-timeout is closed the same way ({@link IdleTimeout}).
 */
public final class KubeletStreamingService extends KubeletStreamingGrpc.KubeletStreamingImplBase {
  private static final Logger log = LoggerFactory.getLogger(KubeletStreamingService.class);

  private final ContainerLocator locator;
  private final ContainerStreams streams;
  private final ExecutorService threads;
  private final Clock clock;
  private final IdleTimeout idle;

  /** Without an idle timeout. */
  public KubeletStreamingService(ContainerRuntime runtime, ContainerStreams streams, String node,
      ExecutorService threads, Clock clock) {
    this(runtime, streams, node, threads, clock, java.time.Duration.ZERO, null);
  }

  /**
   * @param idleTimeout --streaming-connection-idle-timeout; zero: streams may be idle for ever
   * @param timers runs the idle checks (may be null with a zero timeout)
   */
  public KubeletStreamingService(ContainerRuntime runtime, ContainerStreams streams, String node,
      ExecutorService threads, Clock clock, java.time.Duration idleTimeout,
      java.util.concurrent.ScheduledExecutorService timers) {
    this.locator = new ContainerLocator(runtime, node);
    this.streams = streams;
    this.threads = threads;
    this.clock = clock;
    this.idle = idleTimeout.isZero() ? IdleTimeout.NEVER : new IdleTimeout(idleTimeout, timers, System::nanoTime);
  }

  @Override
  public void logs(LogRequest request, StreamObserver<LogChunk> response) {
    ServerCallStreamObserver<LogChunk> call = (ServerCallStreamObserver<LogChunk>) response;
    AtomicReference<Thread> worker = new AtomicReference<>();
    OutboundGate<LogChunk> gate = new OutboundGate<>(call, () -> interrupt(worker), idle.forStream());
    ContainerInfo container;
    ContainerStreams.LogOptions options;
    try {
      container = locator.forLogs(request.getPod(), request.getContainer(), request.getPrevious());
      options = logOptions(request);
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    }
    threads.execute(() -> {
      worker.set(Thread.currentThread());
      try {
        ChunkOutputStream<LogChunk> out =
            new ChunkOutputStream<>(gate, d -> LogChunk.newBuilder().setData(d).build(), request.getLimitBytes());
        try {
          streams.logs(container.id(), options, out);
        } finally {
          out.drain();
        }
        gate.complete();
      } catch (ChunkOutputStream.LimitReachedException e) {
        gate.complete();
      } catch (IOException | RuntimeException e) {
        if (gate.open()) {
          log.debug("Failed to stream the logs of {}: {}", container.name(), e.toString());
          gate.fail(Status.UNAVAILABLE.withDescription("failed to read the logs of container \""
              + request.getContainer() + "\": " + e.getMessage()));
        }
      } finally {
        worker.set(null);
        Thread.interrupted();
      }
    });
  }

  ContainerStreams.LogOptions logOptions(LogRequest request) {
    long since = 0;
    if (request.hasSinceSeconds()) {
      since = clock.instant().getEpochSecond() - Math.max(0, request.getSinceSeconds());
    } else if (!request.getSinceTime().isEmpty()) {
      try {
        since = Instant.parse(request.getSinceTime()).getEpochSecond();
      } catch (DateTimeParseException e) {
        throw Status.INVALID_ARGUMENT.withDescription("sinceTime: invalid time \"" + request.getSinceTime() + "\"")
            .asRuntimeException();
      }
    }
    return new ContainerStreams.LogOptions(request.getFollow(), request.getTimestamps(), since,
        request.hasTailLines() ? request.getTailLines() : -1);
  }

  @Override
  public StreamObserver<StreamInput> exec(StreamObserver<StreamOutput> response) {
    return new StdioStream((ServerCallStreamObserver<StreamOutput>) response, false, locator, streams, threads,
        idle.forStream());
  }

  @Override
  public StreamObserver<StreamInput> attach(StreamObserver<StreamOutput> response) {
    return new StdioStream((ServerCallStreamObserver<StreamOutput>) response, true, locator, streams, threads,
        idle.forStream());
  }

  @Override
  public StreamObserver<PortForwardInput> portForward(StreamObserver<PortForwardOutput> response) {
    return new PortForwardStream((ServerCallStreamObserver<PortForwardOutput>) response, locator, threads,
        idle.forStream());
  }

  private static void interrupt(AtomicReference<Thread> worker) {
    Thread t = worker.get();
    if (t != null) {
      t.interrupt();
    }
  }
}
