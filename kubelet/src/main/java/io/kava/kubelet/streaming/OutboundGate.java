package io.kava.kubelet.streaming;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Sends on a server stream from a thread that may block: {@link #send} waits while the stream is not
 * ready (the client reads slower than we produce), so at most gRPC's own window is buffered. The
 * handlers are set once here, during the call's start, as gRPC requires.
 */
final class OutboundGate<T> {
  private final ServerCallStreamObserver<T> observer;
  private final Runnable onCancel;
  private boolean cancelled;
  private boolean finished;

  OutboundGate(ServerCallStreamObserver<T> observer, Runnable onCancel) {
    this.observer = observer;
    this.onCancel = onCancel;
    observer.setOnReadyHandler(this::wake);
    observer.setOnCancelHandler(this::cancelled);
  }

  /** Blocks until the stream can take the message; fails once the client has gone away. */
  synchronized void send(T message) throws IOException {
    while (!cancelled && !observer.isReady()) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the client was not reading");
      }
    }
    if (cancelled || finished) {
      throw new IOException("the client went away");
    }
    observer.onNext(message);
  }

  synchronized void complete() {
    if (!cancelled && !finished) {
      finished = true;
      observer.onCompleted();
    }
  }

  synchronized void fail(Status status) {
    if (!cancelled && !finished) {
      finished = true;
      observer.onError(status.asRuntimeException());
    }
  }

  synchronized boolean open() {
    return !cancelled && !finished;
  }

  private synchronized void wake() {
    notifyAll();
  }

  private void cancelled() {
    synchronized (this) {
      cancelled = true;
      notifyAll();
    }
    onCancel.run();
  }
}
