package io.kava.kubelet.streaming;

import com.google.protobuf.ByteString;
import io.grpc.stub.CallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * An InputStream fed by a stream's messages, with manual inbound flow control: the next message is
 * requested only when the previous one has been read, so a fast sender waits instead of filling memory.
 */
final class InboundBytes extends InputStream {
  private final CallStreamObserver<?> call;
  private final ArrayDeque<ByteString> chunks = new ArrayDeque<>();
  private ByteString current = ByteString.EMPTY;
  private int position;
  private boolean ended;

  /** The call must already have auto-request disabled. */
  InboundBytes(CallStreamObserver<?> call) {
    this.call = call;
  }

  synchronized void offer(ByteString data) {
    if (!ended) {
      chunks.add(data);
      notifyAll();
    }
  }

  /** End of input: the client closed stdin, or the stream ended. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  @Override
  public synchronized int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position >= current.size()) {
      if (!chunks.isEmpty()) {
        current = chunks.poll();
        position = 0;
        if (chunks.isEmpty()) {
          call.request(1);
        }
        continue;
      }
      if (ended) {
        return -1;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }
    int n = Math.min(len, current.size() - position);
    current.copyTo(b, position, off, n);
    position += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return current.size() - position;
  }

  @Override
  public void close() {
    end();
  }
}
