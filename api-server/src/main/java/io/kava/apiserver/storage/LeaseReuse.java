package io.kava.apiserver.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongUnaryOperator;

/**
 * Hands out etcd leases for keys that expire, reusing one lease for many writes as upstream's
 * leaseManager does: a write that asks for a ttl gets the previous lease while that lease ends between
 * ttl and ttl + the reuse window from now, else a new lease of ttl + the window. The window is 5 % of
 * the ttl, at most 60 s, and a lease carries at most 1000 keys; so an Event of a one-hour ttl lives 1 h
 * to 1 h 1 min, and a busy API server grants about one lease a minute rather than one per Event.
 */
final class LeaseReuse {
  static final long MAX_REUSE_SECONDS = 60;
  static final double REUSE_SHARE = 0.05;
  static final int MAX_KEYS_PER_LEASE = 1000;

  private final LongUnaryOperator grant;
  private final Clock clock;
  private long leaseId;
  private Instant leaseEnds = Instant.MIN;
  private int keysOnLease;

  /** {@code grant}: asks etcd for a lease of that many seconds and answers its id. */
  LeaseReuse(LongUnaryOperator grant, Clock clock) {
    this.grant = grant;
    this.clock = clock;
  }

  /** A lease that ends no sooner than ttlSeconds from now, and not much later. */
  synchronized long leaseFor(long ttlSeconds) {
    Instant now = clock.instant();
    long reuse = Math.min(MAX_REUSE_SECONDS, (long) (REUSE_SHARE * ttlSeconds));
    boolean longEnough = now.plusSeconds(ttlSeconds).isBefore(leaseEnds);
    boolean notTooLong = now.plus(Duration.ofSeconds(ttlSeconds + reuse)).isAfter(leaseEnds);
    keysOnLease++;
    if (longEnough && notTooLong && keysOnLease <= MAX_KEYS_PER_LEASE) {
      return leaseId;
    }
    long granted = ttlSeconds + reuse;
    leaseId = grant.applyAsLong(granted);
    leaseEnds = now.plusSeconds(granted);
    keysOnLease = 1;
    return leaseId;
  }
}
