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

  private final OutboundGate<T> gate;
  private final Function<ByteString, T> message;
  private long remaining;

  ChunkOutputStream(OutboundGate<T> gate, Function<ByteString, T> message, long limitBytes) {
    this.gate = gate;
    this.message = message;
    this.remaining = limitBytes > 0 ? limitBytes : Long.MAX_VALUE;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (remaining <= 0) {
        throw new LimitReachedException();
      }
      int n = (int) Math.min(Math.min(len, MAX_CHUNK), remaining);
      gate.send(message.apply(ByteString.copyFrom(b, off, n)));
      remaining -= n;
      off += n;
      len -= n;
    }
  }

  /** The byte limit was reached: the stream ends normally. */
  static final class LimitReachedException extends IOException {
    LimitReachedException() {
      super("limit reached", null);
    }
  }
}
