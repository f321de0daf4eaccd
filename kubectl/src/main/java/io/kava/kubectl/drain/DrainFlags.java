package io.kava.kubectl.drain;

import io.kava.kubectl.generate.DryRun;
import java.time.Duration;

/**
 * The choices of one `kavactl drain`, as kubectl's drain.Helper fields.
 *
 * @param gracePeriodSeconds negative: each pod's own terminationGracePeriodSeconds
 * @param timeout zero: wait for ever
 */
public record DrainFlags(boolean force, boolean ignoreDaemonSets, boolean deleteEmptyDirData, int gracePeriodSeconds,
    Duration timeout, String podSelector, boolean disableEviction, DryRun dryRun) {

  public boolean clientDryRun() {
    return dryRun == DryRun.CLIENT;
  }

  public boolean serverDryRun() {
    return dryRun == DryRun.SERVER;
  }
}
