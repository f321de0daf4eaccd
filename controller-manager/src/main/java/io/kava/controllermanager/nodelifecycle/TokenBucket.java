package io.kava.controllermanager.nodelifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's flowcontrol token bucket as the node lifecycle controller uses it: {@code qps} tokens a
 * second up to {@code burst}, starting full; a rate of 0 or less never accepts (upstream's
 * FakeNeverRateLimiter).
 */
final class TokenBucket {
  private final double qps;
  private final int burst;
  private final Clock clock;
  private double tokens;
  private Instant last;

  TokenBucket(double qps, int burst, Clock clock) {
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.tokens = qps > 0 ? burst : 0;
    this.last = clock.instant();
  }

  double qps() {
    return qps;
  }

  boolean tryAccept() {
    if (qps <= 0) {
      return false;
    }
    Instant now = clock.instant();
    double elapsed = Duration.between(last, now).toNanos() / 1e9;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * qps);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
