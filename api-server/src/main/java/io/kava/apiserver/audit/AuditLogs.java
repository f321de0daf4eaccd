package io.kava.apiserver.audit;

import io.kava.apiserver.AuditConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** Builds the audit backend the --audit-log-* flags ask for. */
public final class AuditLogs {
  private AuditLogs() {}

  /** Opens the log now, so a path that cannot be written fails the start in one line. */
  public static AuditBackend open(AuditConfig config, Clock clock) {
    LogBackend.Sink sink;
    if (config.logPath().equals("-")) {
      sink = LogBackend.Sink.of(System.out);
    } else {
      try {
        sink = LogBackend.Sink.of(new RotatingFile(Path.of(config.logPath()), config.maxSizeMegabytes(), config.maxBackups(),
            config.maxAgeDays(), clock).open());
      } catch (IOException e) {
        throw new UncheckedIOException("--audit-log-path " + config.logPath() + ": cannot be written: " + e.getMessage(), e);
      }
    }
    LogBackend log = new LogBackend(sink);
    return config.mode().equals(AuditConfig.BLOCKING) ? log : new BufferedBackend(log, config.batchBufferSize()).start();
  }
}
