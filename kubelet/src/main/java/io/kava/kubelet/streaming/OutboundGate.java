package io.kava.kubelet.streaming;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Sends on a server stream from a thread that may block: {@link #send} waits while the stream is not
 * ready (the client reads slower than we produce), so at most gRPC's own window is buffered. The
 * handlers are set once here, during the call's start, as gRPC requires. The stream's {@link IdleTimeout}
 * starts here too: each message sent (and each one received, through {@link #touch}) restarts its window,
 * and when it runs out the client gets DEADLINE_EXCEEDED and the stream's resources are closed as on a cancel.
 */
final class OutboundGate<T> {
  private final ServerCallStreamObserver<T> observer;
  private final Runnable onCancel;
  private final IdleTimeout idle;
  private boolean cancelled;
  private boolean finished;

  /** Without an idle timeout. */
  OutboundGate(ServerCallStreamObserver<T> observer, Runnable onCancel) {
    this(observer, onCancel, IdleTimeout.NEVER);
  }

  OutboundGate(ServerCallStreamObserver<T> observer, Runnable onCancel, IdleTimeout idle) {
    this.observer = observer;
    this.onCancel = onCancel;
    this.idle = idle;
    observer.setOnReadyHandler(this::wake);
    observer.setOnCancelHandler(this::cancelled);
    idle.start(this::idleTimedOut);
  }

  /** A message came in from the client: the stream is not idle. */
  void touch() {
    idle.touch();
  }

  /** Blocks until the stream can take the message; fails once the client has gone away. */
  synchronized void send(T message) throws IOException {
    while (!cancelled && !finished && !observer.isReady()) {
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
    idle.touch();
    observer.onNext(message);
  }

  synchronized void complete() {
    if (!cancelled && !finished) {
      finished = true;
      idle.stop();
      observer.onCompleted();
    }
  }

  synchronized void fail(Status status) {
    if (!cancelled && !finished) {
      finished = true;
      idle.stop();
      observer.onError(status.asRuntimeException());
    }
  }

  /** Ends the call as the timeout says, then closes what the stream holds (the session, the socket). */
  private void idleTimedOut() {
    synchronized (this) {
      if (cancelled || finished) {
        return;
      }
      finished = true;
      observer.onError(Status.DEADLINE_EXCEEDED.withDescription(idle.message()).asRuntimeException());
      notifyAll();
    }
    onCancel.run();
  }

  synchronized boolean open() {
    return !cancelled && !finished;
  }

  private synchronized void wake() {
    notifyAll();
  }

  private void cancelled() {
    idle.stop();
    synchronized (this) {
      cancelled = true;
      notifyAll();
    }
    onCancel.run();
  }
}
