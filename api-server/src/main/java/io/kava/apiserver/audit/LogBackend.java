package io.kava.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events as JSON lines to the audit log file (or standard output), upstream's log backend. On its
 * own it is upstream's blocking mode (each event written and flushed on the request's thread); inside a
 * {@link BufferedBackend} the writer thread writes batches and flushes once per batch.
 */
public final class LogBackend implements AuditBackend {
  private static final Logger log = LoggerFactory.getLogger(LogBackend.class);

  /** Where the lines go: a {@link RotatingFile} or standard output. */
  public interface Sink extends AutoCloseable {
    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;

    static Sink of(RotatingFile file) {
      return new Sink() {
        public void write(byte[] bytes) throws IOException {
          file.write(bytes);
        }

        public void flush() throws IOException {
          file.flush();
        }

        public void close() throws IOException {
          file.close();
        }
      };
    }

    /** Standard output, left open on close. */
    static Sink of(OutputStream out) {
      return new Sink() {
        public void write(byte[] bytes) throws IOException {
          out.write(bytes);
        }

        public void flush() throws IOException {
          out.flush();
        }

        public void close() throws IOException {
          out.flush();
        }
      };
    }
  }

  private final Sink sink;
  private final AtomicLong failed = new AtomicLong();

  public LogBackend(Sink sink) {
    this.sink = sink;
  }

  @Override
  public synchronized void process(AuditEvent event) {
    write(event);
    flush();
  }

  /** Writes one event without flushing. */
  synchronized void write(AuditEvent event) {
    try {
      sink.write((AuditEventJson.line(event) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      if (failed.getAndIncrement() == 0) {
        log.error("Failed to write the audit log (later failures are counted, not logged): {}", e.toString());
      }
    }
  }

  synchronized void flush() {
    try {
      sink.flush();
    } catch (IOException e) {
      if (failed.getAndIncrement() == 0) {
        log.error("Failed to write the audit log (later failures are counted, not logged): {}", e.toString());
      }
    }
  }

  /** Events (and flushes) that could not be written. */
  public long failed() {
    return failed.get();
  }

  @Override
  public synchronized void close() {
    try {
      sink.close();
    } catch (IOException e) {
      log.warn("Failed to close the audit log: {}", e.toString());
    }
  }
}
