package io.kava.apiserver.storage;

import java.time.Duration;
import java.util.Map;

/**
 * Which keys etcd deletes by itself, and how long after their last write: upstream's per-resource TTL
 * (Events live for --event-ttl, one hour by default). Every create and update of such a key attaches
 * it to an etcd lease of that length, so a key rewritten lives on from the rewrite.
 */
public final class ExpiringKeys {
  private static final ExpiringKeys NONE = new ExpiringKeys(Map.of());

  private final Map<String, Long> ttlSecondsByPrefix;

  private ExpiringKeys(Map<String, Long> ttlSecondsByPrefix) {
    this.ttlSecondsByPrefix = Map.copyOf(ttlSecondsByPrefix);
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
    long seconds = Math.max(1, ttl.plusMillis(999).toSeconds());
    return new ExpiringKeys(Map.of(prefix, seconds));
  }

  /** The key's time to live in seconds, or 0 when it never expires. */
  public long ttlSeconds(String key) {
    for (Map.Entry<String, Long> e : ttlSecondsByPrefix.entrySet()) {
      if (key.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return 0;
  }
}
