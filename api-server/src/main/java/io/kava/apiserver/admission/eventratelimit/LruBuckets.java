package io.kava.apiserver.admission.eventratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One token bucket per key, at most capacity of them: the least recently used key's bucket is dropped
 * to make room (upstream's lruCache over hashicorp/golang-lru), so a key seen again after eviction
 * starts with a full bucket. Thread-safe.
 */
final class LruBuckets {
  private final Supplier<TokenBucket> newBucket;
  private final Map<String, TokenBucket> buckets;

  LruBuckets(int capacity, Supplier<TokenBucket> newBucket) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.newBucket = newBucket;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized TokenBucket get(String key) {
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      bucket = newBucket.get();
      buckets.put(key, bucket);
    }
    return bucket;
  }

  synchronized int size() {
    return buckets.size();
  }
}
