package io.kava.apiserver.proxy;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.KubeletStreamingGrpc;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardOutput;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import io.kava.apiserver.errors.ApiError;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * pods/log, pods/exec, pods/attach and pods/portforward: each call is resolved to its pod's kubelet
 * ({@link StreamTargets}) and relayed there ({@link StreamRelay}). The request keeps the client's
 * options; the API server only fills in the pod's uid and the defaulted container, so a pod deleted and
 * recreated under the same name is never confused with its predecessor.
 */
public final class PodStreams {
  private final StreamTargets targets;
  private final KubeletChannels channels;

  public PodStreams(StreamTargets targets, KubeletChannels channels) {
    this.targets = targets;
    this.channels = channels;
  }

  public void logs(LogRequest request, StreamObserver<LogChunk> response) {
    StreamTarget target = targets.forContainer(request.getPod(), request.getContainer());
    StreamRelay<LogRequest, LogChunk> relay = new StreamRelay<>((ServerCallStreamObserver<LogChunk>) response, false);
    relay.node(target.node());
    stub(target).logs(request.toBuilder().setPod(target.pod()).setContainer(target.container()).build(), relay);
  }

  public StreamObserver<StreamInput> exec(StreamObserver<StreamOutput> response) {
    return stdio(response, (stub, relay) -> stub.exec(relay));
  }

  public StreamObserver<StreamInput> attach(StreamObserver<StreamOutput> response) {
    return stdio(response, (stub, relay) -> stub.attach(relay));
  }

  private StreamObserver<StreamInput> stdio(StreamObserver<StreamOutput> response,
      BiFunction<KubeletStreamingGrpc.KubeletStreamingStub, StreamRelay<StreamInput, StreamOutput>, StreamObserver<StreamInput>> open) {
    return new FirstMessageOpens<>((ServerCallStreamObserver<StreamOutput>) response, first -> {
      if (!first.hasStart()) {
        throw ApiError.badRequest("the first message of a stream must be its start");
      }
      StreamTarget target = targets.forContainer(first.getStart().getPod(), first.getStart().getContainer());
      StreamInput start = StreamInput.newBuilder().setStart(first.getStart().toBuilder()
          .setPod(target.pod()).setContainer(target.container())).build();
      return new Opened<>(target, start, (relay) -> open.apply(stub(target), relay));
    });
  }

  public StreamObserver<PortForwardInput> portForward(StreamObserver<PortForwardOutput> response) {
    return new FirstMessageOpens<>((ServerCallStreamObserver<PortForwardOutput>) response, first -> {
      if (!first.hasStart()) {
        throw ApiError.badRequest("the first message of a stream must be its start");
      }
      StreamTarget target = targets.forPod(first.getStart().getPod());
      PortForwardInput start = PortForwardInput.newBuilder()
          .setStart(first.getStart().toBuilder().setPod(target.pod())).build();
      return new Opened<>(target, start, relay -> stub(target).portForward(relay));
    });
  }

  private KubeletStreamingGrpc.KubeletStreamingStub stub(StreamTarget target) {
    return KubeletStreamingGrpc.newStub(channels.of(target.host(), target.port()));
  }

  /** The kubelet call a first message opens, with the first message as the kubelet should see it. */
  private record Opened<I, O>(StreamTarget target, I first, Function<StreamRelay<I, O>, StreamObserver<I>> call) {}

  /** A bidi stream whose first message says where it goes; later messages are relayed as they come. */
  private static final class FirstMessageOpens<I, O> implements StreamObserver<I> {
    private final ServerCallStreamObserver<O> client;
    private final Function<I, Opened<I, O>> open;
    private final StreamRelay<I, O> relay;
    private boolean opened;

    FirstMessageOpens(ServerCallStreamObserver<O> client, Function<I, Opened<I, O>> open) {
      this.client = client;
      this.open = open;
      this.relay = new StreamRelay<>(client, true);
      client.request(1);
    }

    @Override
    public void onNext(I message) {
      if (!opened) {
        Opened<I, O> call = open.apply(message);
        opened = true;
        relay.node(call.target().node());
        call.call().apply(relay);
        relay.forward(call.first());
      } else {
        relay.forward(message);
      }
    }

    @Override
    public void onError(Throwable t) {
      relay.clientFailed();
    }

    @Override
    public void onCompleted() {
      if (opened) {
        relay.clientCompleted();
      } else {
        client.onCompleted();
      }
    }
  }
}
