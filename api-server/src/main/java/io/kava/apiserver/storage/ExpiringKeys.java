package io.kava.apiserver.storage;

import java.time.Duration;

/**
 * Which keys etcd deletes by itself, and how long after their last write: upstream's per-resource TTL
 * (Events live for --event-ttl, one hour by default). Every create and update of such a key attaches
 * it to an etcd lease of that length, so a key rewritten lives on from the rewrite.
 */
public final class ExpiringKeys {
  private static final ExpiringKeys NONE = new ExpiringKeys("", 0);

  private final String prefix;
  private final long ttlSeconds;

  private ExpiringKeys(String prefix, long ttlSeconds) {
    this.prefix = prefix;
    this.ttlSeconds = ttlSeconds;
  }

  public static ExpiringKeys none() {
    return NONE;
  }

  /** Keys under the prefix live for ttl after each write; a zero ttl means they never expire. */
  public static ExpiringKeys under(String prefix, Duration ttl) {
    if (ttl.isZero()) {
      return NONE;
    }
    // etcd counts leases in whole seconds: round up, so a key never goes earlier than asked.
    return new ExpiringKeys(prefix, Math.max(1, ttl.plusMillis(999).toSeconds()));
  }

  /** The key's time to live in seconds, or 0 when it never expires. */
  public long ttlSeconds(String key) {
    return ttlSeconds > 0 && key.startsWith(prefix) ? ttlSeconds : 0;
  }
}
