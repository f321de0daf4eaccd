package io.kava.kubelet.runtime;

import java.time.Instant;

/**
 * One reading of a container's counters, as Docker's stats API gives it: cumulative CPU time, memory in
 * use and the part of it that is inactive page cache. {@code preRead} and {@code preCpuUsageNanos} are
 * the engine's own previous reading (about a second before), {@code null} and 0 when it has none.
 */
public record UsageSample(Instant read, long cpuUsageNanos, long memoryUsageBytes, long inactiveFileBytes,
    Instant preRead, long preCpuUsageNanos) {

  /** cAdvisor's working set: usage minus inactive file pages, never below zero. */
  public long workingSetBytes() {
    return Math.max(0, memoryUsageBytes - inactiveFileBytes);
  }
}
