package io.kava.kubectl.streams;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.kava.api.kubelet.v1.LogChunk;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.v1.ApiGrpc;
import io.kava.client.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads pods/log through the API server. The blocking stub asks for the next chunk only after the
 * previous one was written, so a slow terminal slows the whole chain down to the kubelet. Several
 * streams (-l, --all-containers) run one after another, or side by side when following, each line
 * then written whole ("[pod/x/c] " first with --prefix).
 */
public final class LogStreams {
  private final Channel channel;

  public LogStreams(Channel channel) {
    this.channel = channel;
  }

  /** One container's log, written to out as it comes. */
  public void copy(LogRequest request, OutputStream out) {
    Iterator<LogChunk> chunks = ApiGrpc.newBlockingStub(channel).podLogs(request);
    try {
      while (chunks.hasNext()) {
        chunks.next().getData().writeTo(out);
        out.flush();
      }
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Several logs: in turn, or with follow side by side; with a prefix before every line. */
  public void copyAll(List<LogRequest> requests, List<String> prefixes, boolean parallel, OutputStream out)
      throws InterruptedException {
    if (!parallel || requests.size() == 1) {
      for (int i = 0; i < requests.size(); i++) {
        if (prefixes.get(i).isEmpty()) {
          copy(requests.get(i), out);
        } else {
          copyOne(requests.get(i), prefixes.get(i), out);
        }
      }
      return;
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      LogRequest r = requests.get(i);
      String prefix = prefixes.get(i);
      Thread t = new Thread(() -> {
        try {
          copyOne(r, prefix, out);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }, "kavactl-logs-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private void copyOne(LogRequest request, String prefix, OutputStream out) {
    LineWriter lines = new LineWriter(prefix, out);
    copy(request, lines);
    lines.finish();
  }

  /** Writes whole lines only, each under the shared stream's lock, with an optional prefix. */
  static final class LineWriter extends OutputStream {
    private final byte[] prefix;
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineWriter(String prefix, OutputStream out) {
      this.prefix = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          line.write(b, start, i + 1 - start);
          emit();
          start = i + 1;
        }
      }
      line.write(b, start, off + len - start);
    }

    private void emit() throws IOException {
      synchronized (out) {
        out.write(prefix);
        line.writeTo(out);
        out.flush();
      }
      line.reset();
    }

    void finish() {
      if (line.size() > 0) {
        try {
          emit();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
