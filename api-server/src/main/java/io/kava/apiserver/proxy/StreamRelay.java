package io.kava.apiserver.proxy;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays one client call to one kubelet call with flow control both ways: a message is requested from
 * one side only once the other side is ready to take it, so the API server holds at most a message or
 * two of a stream, however big the log or fast the sender. Kubelet failures reach the client as a
 * {@link KubeletStreamException}, which the error interceptor maps.
 *
 * @param <I> what the client sends (the kubelet receives)
 * @param <O> what the kubelet sends (the client receives)
 */
final class StreamRelay<I, O> implements ClientResponseObserver<I, O> {
  private final ServerCallStreamObserver<O> client;
  private volatile String node = "";
  private volatile ClientCallStreamObserver<I> kubelet;
  private volatile boolean clientCancelled;
  /** A kubelet message was delivered and the next one waits for the client to be ready. */
  private final AtomicBoolean kubeletPending = new AtomicBoolean();
  /** A client message was forwarded and the next one waits for the kubelet call to be ready. */
  private final AtomicBoolean clientPending = new AtomicBoolean();

  /**
   * Made during the client call's start (gRPC takes its handlers only then). With {@code inbound}, the
   * client's messages are requested one at a time (bidi streams).
   */
  StreamRelay(ServerCallStreamObserver<O> client, boolean inbound) {
    this.client = client;
    if (inbound) {
      client.disableAutoRequest();
    }
    client.setOnReadyHandler(() -> {
      ClientCallStreamObserver<I> k = kubelet;
      if (k != null && kubeletPending.compareAndSet(true, false)) {
        k.request(1);
      }
    });
    client.setOnCancelHandler(() -> {
      clientCancelled = true;
      ClientCallStreamObserver<I> k = kubelet;
      if (k != null) {
        k.cancel("the client went away", null);
      }
    });
  }

  /** The node the kubelet call goes to, for error messages; set before the call opens. */
  void node(String name) {
    this.node = name;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<I> call) {
    kubelet = call;
    call.disableAutoRequestWithInitial(1);
    call.setOnReadyHandler(() -> {
      if (clientPending.compareAndSet(true, false)) {
        client.request(1);
      }
    });
    if (clientCancelled) {
      call.cancel("the client went away", null);
    }
  }

  /** Client to kubelet; the next client message is asked for when the kubelet call can take it. */
  void forward(I message) {
    ClientCallStreamObserver<I> k = kubelet;
    k.onNext(message);
    clientPending.set(true);
    if (k.isReady() && clientPending.compareAndSet(true, false)) {
      client.request(1);
    }
  }

  void clientCompleted() {
    ClientCallStreamObserver<I> k = kubelet;
    if (k != null) {
      k.onCompleted();
    }
  }

  void clientFailed() {
    ClientCallStreamObserver<I> k = kubelet;
    if (k != null) {
      k.cancel("the client failed", null);
    }
  }

  @Override
  public void onNext(O message) {
    if (clientCancelled) {
      return;
    }
    client.onNext(message);
    kubeletPending.set(true);
    if (client.isReady() && kubeletPending.compareAndSet(true, false)) {
      kubelet.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!clientCancelled) {
      client.onError(new KubeletStreamException(node, t));
    }
  }

  @Override
  public void onCompleted() {
    if (!clientCancelled) {
      client.onCompleted();
    }
  }
}
