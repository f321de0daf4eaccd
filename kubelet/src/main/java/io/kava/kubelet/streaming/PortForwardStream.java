package io.kava.kubelet.streaming;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardOutput;
import io.kava.api.kubelet.v1.PortForwardStart;
import io.kava.kubelet.runtime.ContainerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;

/**
 * One forwarded TCP connection: a socket from the kubelet to the pod's sandbox address on the bridge
 * (every container of the pod shares that network namespace). Bytes from the client are written to the
 * socket before the next message is requested; bytes from the socket go back through an
 * {@link OutboundGate}. A port the pod listens on only at 127.0.0.1 is not reachable this way.
 */
final class PortForwardStream implements StreamObserver<PortForwardInput> {
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final ServerCallStreamObserver<PortForwardOutput> call;
  private final ContainerLocator locator;
  private final ExecutorService threads;
  private final OutboundGate<PortForwardOutput> gate;
  private Socket socket;

  PortForwardStream(ServerCallStreamObserver<PortForwardOutput> call, ContainerLocator locator,
      ExecutorService threads, IdleTimeout idle) {
    this.call = call;
    this.locator = locator;
    this.threads = threads;
    this.gate = new OutboundGate<>(call, this::closeSocket, idle);
    call.disableAutoRequest();
    call.request(1);
  }

  @Override
  public void onNext(PortForwardInput input) {
    gate.touch();
    switch (input.getInputCase()) {
      case START -> start(input.getStart());
      case DATA -> write(input.getData());
      case CLOSE -> shutdownOutput();
      default -> { }
    }
    if (gate.open()) {
      call.request(1);
    }
  }

  private void start(PortForwardStart start) {
    if (socket != null) {
      gate.fail(Status.INVALID_ARGUMENT.withDescription("the stream was already started"));
      return;
    }
    if (start.getPort() <= 0 || start.getPort() > 65535) {
      gate.fail(Status.INVALID_ARGUMENT.withDescription("invalid port " + start.getPort()));
      return;
    }
    ContainerInfo sandbox;
    try {
      sandbox = locator.sandbox(start.getPod());
    } catch (StatusRuntimeException e) {
      gate.fail(e.getStatus());
      return;
    }
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(sandbox.ipAddress(), start.getPort()), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      closeQuietly(s);
      gate.fail(Status.UNAVAILABLE.withDescription("error forwarding port " + start.getPort() + " to pod "
          + start.getPod().getName() + ": " + e.getMessage()));
      return;
    }
    synchronized (this) {
      socket = s;
    }
    threads.execute(() -> pump(s));
  }

  /** Socket to client until the pod closes its side. */
  private void pump(Socket s) {
    byte[] buffer = new byte[ChunkOutputStream.MAX_CHUNK];
    try (InputStream in = s.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        gate.send(PortForwardOutput.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
      }
      gate.complete();
    } catch (IOException e) {
      if (gate.open()) {
        gate.fail(Status.UNAVAILABLE.withDescription("connection to the pod failed: " + e.getMessage()));
      }
    } finally {
      closeSocket();
    }
  }

  private void write(ByteString data) {
    Socket s = socket;
    if (s == null) {
      return;
    }
    try {
      data.writeTo(s.getOutputStream());
    } catch (IOException e) {
      gate.fail(Status.UNAVAILABLE.withDescription("connection to the pod failed: " + e.getMessage()));
      closeSocket();
    }
  }

  private void shutdownOutput() {
    Socket s = socket;
    if (s != null && !s.isClosed()) {
      try {
        s.shutdownOutput();
      } catch (IOException e) {
        closeSocket();
      }
    }
  }

  private synchronized void closeSocket() {
    if (socket != null) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void onError(Throwable t) {
    closeSocket();
  }

  @Override
  public void onCompleted() {
    shutdownOutput();
  }
}
