package io.kava.apiserver;

import io.kava.apiserver.audit.AuditPolicyFile;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The API server's audit log flags (issue 12), kube-apiserver's, kept together as a mixin. */
public final class AuditOptions {
  @Option(names = "--audit-policy-file", description = "Audit Policy (audit.k8s.io/v1): which requests are logged at which level (none: no audit log).")
  Path policyFile;

  @Option(names = "--audit-log-path", description = "File the audit events go to, one JSON line each; '-' is standard output (none: no audit log).")
  String logPath;

  @Option(names = "--audit-log-maxage", defaultValue = "0", description = "Days a rotated audit log file is kept (0: forever).")
  int maxAge;

  @Option(names = "--audit-log-maxbackup", defaultValue = "0", description = "Rotated audit log files kept (0: all).")
  int maxBackup;

  @Option(names = "--audit-log-maxsize", defaultValue = "0", description = "Megabytes at which the audit log is rotated (0: 100).")
  int maxSize;

  @Option(names = "--audit-log-format", defaultValue = "json", description = "Format of the audit log: json (legacy is not offered).")
  String format;

  @Option(names = "--audit-log-mode", defaultValue = AuditConfig.BATCH,
      description = "batch: events go through a bounded queue to a writer thread and are dropped when it is full; blocking: written on the request's thread.")
  String mode;

  @Option(names = "--audit-log-batch-buffer-size", defaultValue = "" + AuditConfig.DEFAULT_BUFFER_SIZE,
      description = "Events the batch queue holds before new ones are dropped.")
  int batchBufferSize;

  AuditConfig config(CommandLine.Model.CommandSpec spec) {
    try {
      if (!format.equals("json")) {
        throw new IllegalArgumentException("--audit-log-format " + format + ": only json is supported");
      }
      if (policyFile == null || logPath == null || logPath.isEmpty()) {
        return AuditConfig.disabled().withMode(mode, batchBufferSize);
      }
      return new AuditConfig(Optional.of(AuditPolicyFile.load(policyFile)), logPath, 0, 0, 0, mode, batchBufferSize)
          .withRotation(maxSize, maxBackup, maxAge);
    } catch (IllegalArgumentException | AuditPolicyFile.PolicyException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
