package io.kava.apiserver.admission.eventratelimit;

import io.kava.apiserver.registry.ValidatingAdmission;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** One limit of the configuration: the buckets of its type and the refusal when an event's bucket is empty. */
final class LimitEnforcer {
  private final LimitType type;
  private final Function<String, TokenBucket> buckets;

  LimitEnforcer(Limit limit, LongSupplier nanoTime) {
    this.type = limit.type();
    if (type == LimitType.SERVER) {
      TokenBucket single = new TokenBucket(limit.qps(), limit.burst(), nanoTime);
      this.buckets = key -> single;
    } else {
      LruBuckets lru = new LruBuckets(limit.effectiveCacheSize(), () -> new TokenBucket(limit.qps(), limit.burst(), nanoTime));
      this.buckets = lru::get;
    }
  }

  /** Takes a token from the event's bucket; upstream's refusal message when there was none. */
  Optional<String> accept(ValidatingAdmission.Attributes attributes) {
    String key = type.key(attributes);
    if (buckets.apply(key).tryAccept()) {
      return Optional.empty();
    }
    return Optional.of("limit reached on type " + type + " for key " + key);
  }
}
