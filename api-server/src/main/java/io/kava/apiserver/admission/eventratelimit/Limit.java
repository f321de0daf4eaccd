package io.kava.apiserver.admission.eventratelimit;

/**
 * One entry of the Configuration's limits, as upstream's Limit.
 *
 * @param type what the buckets are keyed by
 * @param qps tokens a second each bucket refills with
 * @param burst tokens a bucket holds (and starts with)
 * @param cacheSize how many keys keep their bucket (0: upstream's default 4096); unused for Server
 */
public record Limit(LimitType type, int qps, int burst, int cacheSize) {
  /** Upstream's defaultCacheSize, for a cacheSize of 0. */
  public static final int DEFAULT_CACHE_SIZE = 4096;

  public int effectiveCacheSize() {
    return cacheSize == 0 ? DEFAULT_CACHE_SIZE : cacheSize;
  }
}
