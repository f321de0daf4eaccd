package io.kava.proxy;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's BoundedFrequencyRunner: runs the sync on its own thread when asked, at most once per
 * minimum interval (a burst of changes becomes one sync, the first of them waiting at most that long),
 * and at least once per period anyway. The sync is told whether it must be full: the first run, the
 * periodic run and any run after a failure are; a failure is retried after the retry interval.
 */
public final class SyncRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);

  private final Consumer<Boolean> sync;
  private final long minIntervalNanos;
  private final long periodNanos;
  private final long retryNanos;
  private final Thread thread;
  private boolean requested;
  private boolean needFull = true;
  private boolean stopped;
  private long lastRun;
  private long nextFull;

  /** sync.accept(full) does the work and throws on failure. */
  public SyncRunner(Consumer<Boolean> sync, Duration minInterval, Duration period, Duration retry) {
    this.sync = sync;
    this.minIntervalNanos = minInterval.toNanos();
    this.periodNanos = period.toNanos();
    this.retryNanos = retry.toNanos();
    this.thread = new Thread(this::loop, "proxy-sync");
    this.thread.setDaemon(true);
  }

  /** Starts the loop; the first sync (a full one) runs at once. */
  public synchronized void start() {
    requested = true;
    lastRun = System.nanoTime() - minIntervalNanos;
    nextFull = System.nanoTime() + periodNanos;
    thread.start();
  }

  /** Asks for a sync; many requests before it runs make one sync. */
  public synchronized void requestSync() {
    requested = true;
    notifyAll();
  }

  @Override
  public void close() {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (true) {
      boolean full;
      synchronized (this) {
        try {
          while (!stopped) {
            long now = System.nanoTime();
            long due = requested ? Math.max(lastRun + minIntervalNanos, now) : nextFull;
            if (!requested && now - nextFull >= 0) {
              needFull = true;
              break;
            }
            if (requested && now - due >= 0) {
              break;
            }
            long waitNanos = Math.min(due, nextFull) - now;
            wait(Math.max(1, waitNanos / 1_000_000), 0);
          }
        } catch (InterruptedException e) {
          return;
        }
        if (stopped) {
          return;
        }
        full = needFull || System.nanoTime() - nextFull >= 0;
        requested = false;
        needFull = false;
        lastRun = System.nanoTime();
        if (full) {
          nextFull = lastRun + periodNanos;
        }
      }
      try {
        sync.accept(full);
      } catch (RuntimeException e) {
        log.warn("Sync failed, retrying in {} ms: {}", retryNanos / 1_000_000, e.getMessage());
        synchronized (this) {
          needFull = true;
          // Retry through the periodic deadline, unless a change asks for a sync sooner.
          nextFull = System.nanoTime() + retryNanos;
        }
      }
    }
  }
}
