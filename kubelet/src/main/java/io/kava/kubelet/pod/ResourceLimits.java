package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.client.quantity.Quantity;
import io.kava.kubelet.runtime.ContainerConfig;

/**
 * A container's requests and limits as Docker's cgroup settings, as upstream's calculateLinuxResources:
 * cpu shares from requests.cpu (limits.cpu when no request), a CFS quota from limits.cpu over a 100 ms
 * period, and the memory limit.
 */
public final class ResourceLimits {
  /** Upstream's quotaPeriod: 100 ms in microseconds. */
  public static final long CPU_PERIOD_MICROS = 100_000;
  /** Upstream's minShares and maxShares. */
  static final long MIN_SHARES = 2;
  static final long MAX_SHARES = 262_144;
  /** Upstream's minQuotaPeriod: the smallest quota the kernel takes, 1 ms. */
  static final long MIN_QUOTA_MICROS = 1_000;

  private ResourceLimits() {}

  public static ContainerConfig.Resources of(Container c) {
    long request = milliCpu(c.getResources().getRequestsMap().get("cpu"));
    long limit = milliCpu(c.getResources().getLimitsMap().get("cpu"));
    long shares = shares(request == 0 && limit != 0 ? limit : request);
    long quota = quota(limit);
    return new ContainerConfig.Resources(shares, quota, quota == 0 ? 0 : CPU_PERIOD_MICROS, memoryBytes(c));
  }

  /** Upstream's MilliCPUToShares: 1024 shares per cpu, at least 2. */
  static long shares(long milliCpu) {
    if (milliCpu == 0) {
      return MIN_SHARES;
    }
    return Math.min(MAX_SHARES, Math.max(MIN_SHARES, milliCpu * 1024 / 1000));
  }

  /** Upstream's milliCPUToQuota: the limit's share of the period, at least 1 ms; 0 without a limit. */
  static long quota(long milliCpu) {
    if (milliCpu == 0) {
      return 0;
    }
    return Math.max(MIN_QUOTA_MICROS, milliCpu * CPU_PERIOD_MICROS / 1000);
  }

  /** A cpu quantity in thousandths, rounded up as upstream's MilliValue ("0.5" -> 500, "1m" -> 1); 0 when unset. */
  static long milliCpu(String cpu) {
    if (cpu == null) {
      return 0;
    }
    return Quantity.parse(cpu).milliValue();
  }

  /** The memory limit in bytes ("128Mi" -> 134217728), 0 when unset. */
  public static long memoryBytes(Container c) {
    String memory = c.getResources().getLimitsMap().get("memory");
    return memory == null ? 0 : Quantity.parse(memory).bytesValue();
  }

  /** Whether two quantities are equal in value ("1" and "1000m"); malformed text compares as text. */
  public static boolean sameQuantity(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    Quantity qa = Quantity.parseOrNull(a);
    Quantity qb = Quantity.parseOrNull(b);
    return qa != null && qb != null ? qa.compareTo(qb) == 0 : a.equals(b);
  }
}
