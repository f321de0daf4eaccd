package io.kava.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
  @TempDir Path dir;

  /** A clock that moves on by one second per reading, so each backup gets its own name. */
  private static Clock ticking(Instant start) {
    return new Clock() {
      private Instant now = start;

      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      public synchronized Instant instant() {
        now = now.plusSeconds(1);
        return now;
      }
    };
  }

  @Test
  void aFullFileIsRenamedWithItsTimeAndOnlyMaxBackupsAreKept() throws IOException {
    Path log = dir.resolve("audit.log");
    byte[] halfAMegabyte = new byte[512 * 1024];
    try (RotatingFile file = new RotatingFile(log, 1, 2, 0, ticking(Instant.parse("2026-12-02T01:00:00Z"))).open()) {
      for (int i = 0; i < 8; i++) {
        file.write(halfAMegabyte);
      }
      file.write("last\n".getBytes(StandardCharsets.UTF_8));
      file.flush();
      assertThat(file.backups()).extracting(p -> p.getFileName().toString())
          .as("four rotations (the file was full before the last line too), the two newest kept")
          .containsExactly("audit-2026-12-02T01-00-04.000.log", "audit-2026-12-02T01-00-03.000.log");
    }
    assertThat(Files.readString(log)).isEqualTo("last\n");
  }

  @Test
  void backupsOlderThanMaxAgeAreRemoved() throws IOException {
    Path log = dir.resolve("audit.log");
    Files.writeString(dir.resolve("audit-2026-11-01T00-00-00.000.log"), "old");
    Files.writeString(dir.resolve("unrelated-2026-11-01T00-00-00.000.log"), "not ours");
    try (RotatingFile file = new RotatingFile(log, 1, 0, 7, ticking(Instant.parse("2026-12-02T01:00:00Z"))).open()) {
      file.write(new byte[1024 * 1024]);
      file.write(new byte[1]);
      assertThat(file.backups()).extracting(p -> p.getFileName().toString()).containsExactly("audit-2026-12-02T01-00-01.000.log");
    }
    assertThat(dir.resolve("unrelated-2026-11-01T00-00-00.000.log")).exists();
  }

}
