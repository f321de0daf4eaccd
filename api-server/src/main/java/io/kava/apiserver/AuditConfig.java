package io.kava.apiserver;

import io.kava.apiserver.audit.AuditPolicy;
import java.util.Optional;

/**
 * The audit log, as upstream's --audit-* flags.
 *
 * @param policy which requests are logged at which level (--audit-policy-file); empty: no audit log
 * @param logPath where events go, one JSON line each (--audit-log-path; "-" is standard output)
 * @param maxSizeMegabytes size at which the log is rotated (--audit-log-maxsize; 0: never)
 * @param maxBackups rotated files kept (--audit-log-maxbackup; 0: all)
 * @param maxAgeDays days a rotated file is kept (--audit-log-maxage; 0: forever)
 */
public record AuditConfig(Optional<AuditPolicy> policy, String logPath, int maxSizeMegabytes, int maxBackups, int maxAgeDays) {
  public static AuditConfig disabled() {
    return new AuditConfig(Optional.empty(), "", 0, 0, 0);
  }

  public static AuditConfig of(AuditPolicy policy, String logPath) {
    return new AuditConfig(Optional.of(policy), logPath, 0, 0, 0);
  }

  public boolean enabled() {
    return policy.isPresent() && !logPath.isEmpty();
  }
}
