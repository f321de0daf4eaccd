package io.kava.kubectl.streams;

import io.grpc.stub.ClientCallStreamObserver;

/**
 * Sends on a client stream from a thread that may wait: {@link #send} blocks while the stream is not
 * ready (the server reads slower than we produce) and gives up once the stream has ended.
 */
final class ReadySender<T> {
  private ClientCallStreamObserver<T> call;
  private boolean finished;

  /** From the observer's beforeStart. */
  synchronized void attach(ClientCallStreamObserver<T> requestStream) {
    call = requestStream;
    requestStream.setOnReadyHandler(this::wake);
  }

  private synchronized void wake() {
    notifyAll();
  }

  /** Waits while the stream cannot take more; false once it has ended. */
  synchronized boolean send(T message) {
    while (!finished && !call.isReady()) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (finished) {
      return false;
    }
    call.onNext(message);
    return true;
  }

  synchronized void halfClose() {
    if (!finished) {
      call.onCompleted();
    }
  }

  synchronized void cancel(String why, Throwable cause) {
    if (!finished) {
      call.cancel(why, cause);
    }
  }

  /** The stream ended: senders stop waiting. */
  synchronized void finish() {
    finished = true;
    notifyAll();
  }
}
