package io.kava.e2e.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured values of one figure (milliseconds, or any unit the caller names), safe to add from many threads. */
public final class Samples {
  private final List<Double> values = new ArrayList<>();

  public synchronized void add(double value) {
    values.add(value);
  }

  public synchronized void addAll(Iterable<? extends Number> more) {
    for (Number n : more) {
      values.add(n.doubleValue());
    }
  }

  public static Samples of(Iterable<? extends Number> values) {
    Samples s = new Samples();
    s.addAll(values);
    return s;
  }

  public synchronized int count() {
    return values.size();
  }

  /** The nearest-rank percentile (p in 0..100), as upstream's perf-tests report them; NaN when empty. */
  public synchronized double percentile(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = sorted();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(rank - 1, sorted.size() - 1)));
  }

  public double p50() {
    return percentile(50);
  }

  public double p99() {
    return percentile(99);
  }

  public double max() {
    return percentile(100);
  }

  public synchronized double mean() {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** "p50 … p99 … max …" in UNIT, the line the benchmarks print. */
  public String summary(String unit) {
    return String.format(java.util.Locale.ROOT, "p50 %7.2f %s  p99 %7.2f %s  max %7.2f %s", p50(), unit, p99(), unit,
        max(), unit);
  }

  public synchronized List<Double> sorted() {
    List<Double> copy = new ArrayList<>(values);
    Collections.sort(copy);
    return copy;
  }
}
