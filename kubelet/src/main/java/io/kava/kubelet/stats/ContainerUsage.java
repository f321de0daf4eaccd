package io.kava.kubelet.stats;

import io.kava.kubelet.runtime.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A container's figures over one window: the CPU rate between two readings of its cumulative usage
 * (metrics-server's arithmetic: usage delta over time delta), and the working set at the later one.
 */
public record ContainerUsage(Instant timestamp, Duration window, long cpuUsageNanos, long nanoCores,
    long workingSetBytes) {

  /**
   * Between the kubelet's previous reading of the same container and this one; without a previous one,
   * or when the counter went back (the container was recreated under the same id, not possible with
   * Docker, or the engine restarted), between the engine's own pre-reading and this one.
   */
  public static Optional<ContainerUsage> of(UsageSample previous, UsageSample current) {
    if (previous != null && previous.read().isBefore(current.read())
        && previous.cpuUsageNanos() <= current.cpuUsageNanos()) {
      return between(previous.read(), previous.cpuUsageNanos(), current);
    }
    if (current.preRead() != null && current.preRead().isBefore(current.read())
        && current.preCpuUsageNanos() <= current.cpuUsageNanos()) {
      return between(current.preRead(), current.preCpuUsageNanos(), current);
    }
    return Optional.empty();
  }

  private static Optional<ContainerUsage> between(Instant from, long fromNanos, UsageSample current) {
    Duration window = Duration.between(from, current.read());
    long windowNanos = window.toNanos();
    if (windowNanos <= 0) {
      return Optional.empty();
    }
    long used = current.cpuUsageNanos() - fromNanos;
    // nanoseconds of CPU per second of wall time, in nanocores: used * 1e9 / windowNanos without overflow
    long nanoCores = (long) ((double) used * 1_000_000_000L / windowNanos);
    return Optional.of(new ContainerUsage(current.read(), window, current.cpuUsageNanos(), nanoCores,
        current.workingSetBytes()));
  }
}
