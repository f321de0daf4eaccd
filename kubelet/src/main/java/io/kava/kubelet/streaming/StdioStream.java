package io.kava.kubelet.streaming;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerStreams;
import io.kava.kubelet.runtime.ContainerStreams.StreamSession;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec or attach: the first message starts the session, later ones carry stdin, resizes and the
 * end of stdin; output goes back through an {@link OutboundGate}, the exit code last.
 */
final class StdioStream implements StreamObserver<StreamInput> {
  private static final Logger log = LoggerFactory.getLogger(StdioStream.class);

  private final ServerCallStreamObserver<StreamOutput> call;
  private final boolean attach;
  private final ContainerLocator locator;
  private final ContainerStreams streams;
  private final ExecutorService threads;
  private final OutboundGate<StreamOutput> gate;
  private InboundBytes stdin;
  private volatile StreamSession session;
  private boolean started;

  StdioStream(ServerCallStreamObserver<StreamOutput> call, boolean attach, ContainerLocator locator,
      ContainerStreams streams, ExecutorService threads, IdleTimeout idle) {
    this.call = call;
    this.attach = attach;
    this.locator = locator;
    this.streams = streams;
    this.threads = threads;
    this.gate = new OutboundGate<>(call, this::closeSession, idle);
    call.disableAutoRequest();
    call.request(1);
  }

  @Override
  public synchronized void onNext(StreamInput input) {
    gate.touch();
    switch (input.getInputCase()) {
      case START -> {
        if (started) {
          gate.fail(Status.INVALID_ARGUMENT.withDescription("the stream was already started"));
          return;
        }
        started = true;
        start(input.getStart());
        call.request(1);
      }
      case STDIN -> {
        if (stdin != null) {
          stdin.offer(input.getStdin()); // asks for the next message once this one is read
        } else {
          call.request(1);
        }
      }
      case RESIZE -> {
        StreamSession s = session;
        if (s != null) {
          s.resize(input.getResize().getWidth(), input.getResize().getHeight());
        }
        call.request(1);
      }
      case CLOSE_STDIN -> {
        endStdin();
        call.request(1);
      }
      default -> call.request(1);
    }
  }

  private void start(StreamStart start) {
    if (!attach && start.getCommandCount() == 0) {
      gate.fail(Status.INVALID_ARGUMENT.withDescription("you must specify at least one command for the container"));
      return;
    }
    ContainerInfo container;
    try {
      container = locator.running(start.getPod(), start.getContainer());
    } catch (StatusRuntimeException e) {
      gate.fail(e.getStatus());
      return;
    }
    stdin = start.getStdin() ? new InboundBytes(call) : null;
    ChunkOutputStream<StreamOutput> out = new ChunkOutputStream<>(gate,
        d -> StreamOutput.newBuilder().setStdout(d).build(), 0);
    ChunkOutputStream<StreamOutput> err = new ChunkOutputStream<>(gate,
        d -> StreamOutput.newBuilder().setStderr(d).build(), 0);
    ContainerStreams.Stdio stdio = new ContainerStreams.Stdio(stdin, out, err, start.getTty(),
        start.getSize().getWidth(), start.getSize().getHeight());
    threads.execute(() -> run(container, start, stdio, out, err));
  }

  private void run(ContainerInfo container, StreamStart start, ContainerStreams.Stdio stdio,
      ChunkOutputStream<StreamOutput> out, ChunkOutputStream<StreamOutput> err) {
    try {
      StreamSession s = attach ? streams.attach(container.id(), stdio)
          : streams.exec(container.id(), start.getCommandList(), stdio);
      session = s;
      if (!gate.open()) {
        s.close();
        return;
      }
      int exit = s.awaitExit();
      out.drain();
      err.drain();
      if (exit >= 0 && gate.open()) {
        gate.send(StreamOutput.newBuilder().setExitCode(exit).build());
      }
      gate.complete();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.IOException | RuntimeException e) {
      if (gate.open()) {
        log.debug("Failed to {} in {}: {}", attach ? "attach" : "exec", container.name(), e.toString());
        gate.fail(Status.UNAVAILABLE.withDescription((attach ? "attach" : "exec") + " failed: " + e.getMessage()));
      }
    } finally {
      endStdin();
    }
  }

  private synchronized void endStdin() {
    if (stdin != null) {
      stdin.end();
    }
  }

  private void closeSession() {
    endStdin();
    StreamSession s = session;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public void onError(Throwable t) {
    closeSession();
  }

  @Override
  public void onCompleted() {
    endStdin();
  }
}
