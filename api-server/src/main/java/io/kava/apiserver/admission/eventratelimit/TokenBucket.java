package io.kava.apiserver.admission.eventratelimit;

import java.util.function.LongSupplier;

/**
 * A token bucket as client-go's flowcontrol.NewTokenBucketRateLimiter: it starts full (burst tokens),
 * refills at qps tokens a second up to burst, and each accepted request takes one token. Thread-safe.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double qps;
  private final int burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  /** @param nanoTime a monotonic clock in nanoseconds (System::nanoTime; tests pass a fake) */
  public TokenBucket(double qps, int burst, LongSupplier nanoTime) {
    if (qps <= 0 || burst <= 0) {
      throw new IllegalArgumentException("qps and burst must be positive");
    }
    this.qps = qps;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /** Takes a token if there is one; false (and nothing taken) otherwise. */
  public synchronized boolean tryAccept() {
    long now = nanoTime.getAsLong();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) / NANOS_PER_SECOND * qps);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
