package io.kava.kubelet.streaming;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * Turns writes into stream messages through an {@link OutboundGate}, at most {@link #MAX_CHUNK} bytes
 * each (gRPC's default message limit is 4 MiB); a limit, when set, ends the stream after that many bytes
 * (upstream's limitBytes).
 */
final class ChunkOutputStream<T> extends OutputStream {
  static final int MAX_CHUNK = 64 * 1024;
  /** How long written bytes may wait for more before they are sent: Docker hands over one frame per line. */
  static final long LINGER_MS = 20;
  private static final java.util.concurrent.Executor FLUSHER = java.util.concurrent.CompletableFuture.delayedExecutor(
      LINGER_MS, java.util.concurrent.TimeUnit.MILLISECONDS, java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-stream-flush");
        t.setDaemon(true);
        return t;
      }));

  private final OutboundGate<T> gate;
  private final Function<ByteString, T> message;
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
  private long remaining;
  private boolean flushScheduled;

  ChunkOutputStream(OutboundGate<T> gate, Function<ByteString, T> message, long limitBytes) {
    this.gate = gate;
    this.message = message;
    this.remaining = limitBytes > 0 ? limitBytes : Long.MAX_VALUE;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /** Collects bytes into messages of up to MAX_CHUNK; what is left is sent after LINGER_MS at the latest. */
  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (remaining <= 0) {
        drain();
        throw new LimitReachedException();
      }
      int n = (int) Math.min(Math.min(len, MAX_CHUNK - pending.size()), remaining);
      pending.write(b, off, n);
      remaining -= n;
      off += n;
      len -= n;
      if (pending.size() >= MAX_CHUNK) {
        drain();
      }
    }
    if (remaining <= 0) {
      drain();
      throw new LimitReachedException();
    }
    if (pending.size() > 0 && !flushScheduled) {
      flushScheduled = true;
      FLUSHER.execute(this::lingerExpired);
    }
  }

  /** Writers flush after every frame; sending is left to the size and the linger instead. */
  @Override
  public void flush() {
  }

  /** Sends what is waiting now: before the stream's last message. */
  synchronized void drain() throws IOException {
    if (pending.size() > 0) {
      ByteString data = ByteString.copyFrom(pending.toByteArray());
      pending.reset();
      gate.send(message.apply(data));
    }
  }

  private synchronized void lingerExpired() {
    flushScheduled = false;
    try {
      drain();
    } catch (IOException e) {
      // the client went away: the writer learns it on its next write
    }
  }

  /** The byte limit was reached: the stream ends normally. */
  static final class LimitReachedException extends IOException {
    LimitReachedException() {
      super("limit reached", null);
    }
  }
}
