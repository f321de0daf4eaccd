package io.kava.apiserver;

import io.kava.apiserver.audit.AuditPolicy;
import java.util.Optional;

/**
 * The audit log, as upstream's --audit-* flags.
 *
 * @param policy which requests are logged at which level (--audit-policy-file); empty: no audit log
 * @param logPath where events go, one JSON line each (--audit-log-path; "-" is standard output; empty: no audit log)
 * @param maxSizeMegabytes size at which the log is rotated (--audit-log-maxsize; 0: 100, as upstream's lumberjack)
 * @param maxBackups rotated files kept (--audit-log-maxbackup; 0: all)
 * @param maxAgeDays days a rotated file is kept (--audit-log-maxage; 0: forever)
 * @param mode "batch" (a bounded queue and a writer thread; events dropped when it is full) or "blocking"
 *     (written on the request's thread), --audit-log-mode
 * @param batchBufferSize the batch queue's length (--audit-log-batch-buffer-size)
 */
public record AuditConfig(Optional<AuditPolicy> policy, String logPath, int maxSizeMegabytes, int maxBackups, int maxAgeDays,
    String mode, int batchBufferSize) {
  public static final String BATCH = "batch";
  public static final String BLOCKING = "blocking";
  public static final int DEFAULT_BUFFER_SIZE = 10000;

  public AuditConfig {
    if (!mode.equals(BATCH) && !mode.equals(BLOCKING)) {
      throw new IllegalArgumentException("--audit-log-mode " + mode + ": must be batch or blocking");
    }
    if (batchBufferSize < 1) {
      throw new IllegalArgumentException("--audit-log-batch-buffer-size " + batchBufferSize + ": must be at least 1");
    }
    if (maxSizeMegabytes < 0 || maxBackups < 0 || maxAgeDays < 0) {
      throw new IllegalArgumentException("--audit-log-maxsize, --audit-log-maxbackup and --audit-log-maxage must not be negative");
    }
  }

  public static AuditConfig disabled() {
    return new AuditConfig(Optional.empty(), "", 0, 0, 0, BATCH, DEFAULT_BUFFER_SIZE);
  }

  public static AuditConfig of(AuditPolicy policy, String logPath) {
    return new AuditConfig(Optional.of(policy), logPath, 0, 0, 0, BATCH, DEFAULT_BUFFER_SIZE);
  }

  public AuditConfig withRotation(int maxSize, int maxBackup, int maxAge) {
    return new AuditConfig(policy, logPath, maxSize, maxBackup, maxAge, mode, batchBufferSize);
  }

  public AuditConfig withMode(String newMode, int bufferSize) {
    return new AuditConfig(policy, logPath, maxSizeMegabytes, maxBackups, maxAgeDays, newMode, bufferSize);
  }

  /** A policy with rules and a log path: upstream audits nothing without both. */
  public boolean enabled() {
    return policy.isPresent() && !policy.get().rules().isEmpty() && !logPath.isEmpty();
  }
}
