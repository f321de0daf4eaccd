package io.kava.apiserver.audit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's buffered audit backend (--audit-log-mode=batch): calls only put their events into a bounded
 * queue (--audit-log-batch-buffer-size) and go on; one writer thread writes them in batches and flushes
 * once the queue is empty. When the queue is full the event is dropped, never waited for: the API does
 * not slow down for its log. Drops are counted ({@link #dropped()}) and logged at most every 10 s.
 */
public final class BufferedBackend implements AuditBackend {
  private static final Logger log = LoggerFactory.getLogger(BufferedBackend.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BlockingQueue<AuditEvent> queue;
  private final LogBackend delegate;
  private final LongSupplier nanoTime;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastWarning;
  private final Thread writer;
  private volatile boolean closed;

  public BufferedBackend(LogBackend delegate, int bufferSize) {
    this(delegate, bufferSize, System::nanoTime);
  }

  BufferedBackend(LogBackend delegate, int bufferSize, LongSupplier nanoTime) {
    this.queue = new ArrayBlockingQueue<>(bufferSize);
    this.delegate = delegate;
    this.nanoTime = nanoTime;
    this.lastWarning = new AtomicLong(nanoTime.getAsLong() - WARN_EVERY_NANOS);
    this.writer = new Thread(this::writeUntilClosed, "kava-audit-writer");
    writer.setDaemon(true);
  }

  public BufferedBackend start() {
    writer.start();
    return this;
  }

  @Override
  public void process(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      long total = dropped.incrementAndGet();
      long now = nanoTime.getAsLong();
      long last = lastWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
        log.warn("Dropped an audit event ({} dropped in all): the audit queue of {} events was full", total,
            queue.remainingCapacity() + queue.size());
      }
    }
  }

  /** Events dropped because the queue was full (or the log closed). */
  public long dropped() {
    return dropped.get();
  }

  private void writeUntilClosed() {
    try {
      while (!closed || !queue.isEmpty()) {
        AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        delegate.write(first);
        for (AuditEvent next = queue.poll(); next != null; next = queue.poll()) {
          delegate.write(next);
        }
        delegate.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking events, writes those queued (for up to 5 s) and closes the log. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    delegate.close();
    if (dropped.get() > 0) {
      log.warn("Dropped {} audit events in all: the audit queue was full", dropped.get());
    }
  }
}
