package io.kava.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples (nanoseconds) of the API benchmarks, with their percentiles; thread-safe. */
final class BenchStats {
  private final List<Long> nanos = new ArrayList<>();

  synchronized void add(long sample) {
    nanos.add(sample);
  }

  synchronized int size() {
    return nanos.size();
  }

  /** The sample at or above the given fraction of all samples, in milliseconds. */
  synchronized double percentileMillis(double fraction) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(fraction * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }

  String summary() {
    return String.format("p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", percentileMillis(0.5), percentileMillis(0.99),
        percentileMillis(1.0));
  }
}
