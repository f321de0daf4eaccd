package io.kava.controllermanager.resourcequota;

import java.time.Duration;

/**
 * The resourcequota controller's settings.
 *
 * @param syncPeriod how often every quota's usage is recomputed from scratch (--resource-quota-sync-period)
 */
public record ResourceQuotaConfig(Duration syncPeriod) {
  public ResourceQuotaConfig {
    if (syncPeriod.isZero() || syncPeriod.isNegative()) {
      throw new IllegalArgumentException("--resource-quota-sync-period must be above 0");
    }
  }

  /** Upstream's default: 5m. */
  public static ResourceQuotaConfig defaults() {
    return new ResourceQuotaConfig(Duration.ofMinutes(5));
  }
}
