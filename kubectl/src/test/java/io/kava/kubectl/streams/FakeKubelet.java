package io.kava.kubectl.streams;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.KubeletStreamingGrpc;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardOutput;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A kubelet streaming server on loopback with scripted answers, so the API server's relay and kavactl's
 * stream code run over real gRPC without Docker. Container "endless" produces log chunks for as long as
 * the stream is ready, counting what it produced.
 */
final class FakeKubelet implements AutoCloseable {
  static final int CHUNK = 16 * 1024;

  final AtomicLong produced = new AtomicLong();
  final AtomicBoolean producerWaiting = new AtomicBoolean();
  volatile LogRequest lastLogRequest;
  private final Server server;

  FakeKubelet() {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Service()).build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Service extends KubeletStreamingGrpc.KubeletStreamingImplBase {
    @Override
    public void logs(LogRequest request, StreamObserver<LogChunk> response) {
      lastLogRequest = request;
      if (request.getPrevious()) {
        response.onError(Status.INVALID_ARGUMENT.withDescription("previous terminated container \""
            + request.getContainer() + "\" in pod \"" + request.getPod().getName() + "\" not found").asRuntimeException());
        return;
      }
      if (!request.getContainer().equals("endless")) {
        response.onNext(chunk("line 1\nline 2\n"));
        response.onCompleted();
        return;
      }
      ServerCallStreamObserver<LogChunk> call = (ServerCallStreamObserver<LogChunk>) response;
      LogChunk data = LogChunk.newBuilder().setData(ByteString.copyFrom(new byte[CHUNK])).build();
      AtomicBoolean done = new AtomicBoolean();
      call.setOnCancelHandler(() -> done.set(true));
      // Upstream's onReady pattern: send while ready, then wait for the next onReady.
      call.setOnReadyHandler(() -> {
        while (call.isReady() && !done.get()) {
          producerWaiting.set(false);
          call.onNext(data);
          produced.addAndGet(CHUNK);
        }
        producerWaiting.set(true);
      });
    }

    @Override
    public StreamObserver<StreamInput> exec(StreamObserver<StreamOutput> response) {
      return new StreamObserver<>() {
        String command = "";

        @Override
        public void onNext(StreamInput input) {
          switch (input.getInputCase()) {
            case START -> {
              command = String.join(" ", input.getStart().getCommandList());
              if (command.equals("exit 3")) {
                response.onNext(StreamOutput.newBuilder().setStdout(ByteString.copyFromUtf8("out\n")).build());
                response.onNext(StreamOutput.newBuilder().setStderr(ByteString.copyFromUtf8("err\n")).build());
                response.onNext(StreamOutput.newBuilder().setExitCode(3).build());
                response.onCompleted();
              }
            }
            case STDIN -> response.onNext(StreamOutput.newBuilder().setStdout(ByteString.copyFromUtf8(
                input.getStdin().toStringUtf8().toUpperCase(Locale.ROOT))).build());
            case CLOSE_STDIN -> {
              response.onNext(StreamOutput.newBuilder().setExitCode(0).build());
              response.onCompleted();
            }
            default -> { }
          }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
      };
    }

    @Override
    public StreamObserver<PortForwardInput> portForward(StreamObserver<PortForwardOutput> response) {
      return new StreamObserver<>() {
        @Override
        public void onNext(PortForwardInput input) {
          if (input.hasData()) {
            response.onNext(PortForwardOutput.newBuilder().setData(input.getData()).build());
          } else if (input.hasClose()) {
            response.onCompleted();
          }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
      };
    }
  }

  private static LogChunk chunk(String text) {
    return LogChunk.newBuilder().setData(ByteString.copyFromUtf8(text)).build();
  }
}
