package io.kava.kubelet.streaming;

import io.kava.client.flags.GoDurations;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The kubelet's --streaming-connection-idle-timeout for one stream: when no bytes have passed either way
 * for that long, {@code onIdle} runs once (the stream is closed). Every message in or out calls
 * {@link #touch}; the check reschedules itself for the rest of the window, so a busy stream costs one
 * timer task per window, not one per message. A zero timeout never fires (upstream: no timeout).
 */
final class IdleTimeout {
  /** The one for streams without a timeout. */
  static final IdleTimeout NEVER = new IdleTimeout(Duration.ZERO, null, System::nanoTime);

  private final Duration timeout;
  private final ScheduledExecutorService timers;
  private final LongSupplier nanoTime;
  private volatile long lastActivity;
  private Runnable onIdle;
  private ScheduledFuture<?> check;
  private boolean stopped;

  IdleTimeout(Duration timeout, ScheduledExecutorService timers, LongSupplier nanoTime) {
    this.timeout = timeout;
    this.timers = timers;
    this.nanoTime = nanoTime;
    this.lastActivity = nanoTime.getAsLong();
  }

  /** A fresh timer for one more stream with the same timeout. */
  IdleTimeout forStream() {
    return timeout.isZero() ? NEVER : new IdleTimeout(timeout, timers, nanoTime);
  }

  Duration timeout() {
    return timeout;
  }

  /** What a closed stream's client is told. */
  String message() {
    return "the stream passed no data for " + GoDurations.format(timeout)
        + " (the kubelet's --streaming-connection-idle-timeout)";
  }

  synchronized void start(Runnable whenIdle) {
    if (timeout.isZero() || stopped) {
      return;
    }
    this.onIdle = whenIdle;
    lastActivity = nanoTime.getAsLong();
    schedule(timeout.toNanos());
  }

  void touch() {
    lastActivity = nanoTime.getAsLong();
  }

  synchronized void stop() {
    stopped = true;
    if (check != null) {
      check.cancel(false);
    }
  }

  /** Fires when the stream has been idle for the whole timeout, else waits for the rest of it. */
  void check() {
    Runnable fire;
    synchronized (this) {
      if (stopped || onIdle == null) {
        return;
      }
      long idle = nanoTime.getAsLong() - lastActivity;
      long left = timeout.toNanos() - idle;
      if (left > 0) {
        schedule(left);
        return;
      }
      stopped = true;
      fire = onIdle;
    }
    fire.run();
  }

  private void schedule(long nanos) {
    check = timers.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
  }
}
