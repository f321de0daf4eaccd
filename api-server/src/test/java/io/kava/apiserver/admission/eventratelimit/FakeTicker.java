package io.kava.apiserver.admission.eventratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told to. */
final class FakeTicker implements LongSupplier {
  private long nanos = 1_000_000_000L;

  @Override
  public long getAsLong() {
    return nanos;
  }

  void advance(Duration by) {
    nanos += by.toNanos();
  }
}
