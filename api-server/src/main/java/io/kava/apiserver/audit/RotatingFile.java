package io.kava.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audit log file with upstream's rotation (kube-apiserver uses lumberjack): before a write would take
 * the file past maxsize megabytes (0: 100, as lumberjack) it is renamed to NAME-2026-12-02T01-02-03.456.EXT
 * (UTC) and a new one started; then backups over maxbackup (0: all kept) and older than maxage days (0:
 * kept) are removed. The file and its directory are created 0600 and 0700, as upstream's. Not thread-safe:
 * one writer thread owns it.
 */
public final class RotatingFile implements AutoCloseable {
  private static final DateTimeFormatter BACKUP_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS").withZone(ZoneOffset.UTC);
  private static final long MEGABYTE = 1024 * 1024;

  private final Path file;
  private final long maxBytes;
  private final int maxBackups;
  private final int maxAgeDays;
  private final Clock clock;
  private final String prefix;
  private final String extension;
  private OutputStream out;
  private long size;

  public RotatingFile(Path file, int maxSizeMegabytes, int maxBackups, int maxAgeDays, Clock clock) {
    this.file = file.toAbsolutePath();
    this.maxBytes = (maxSizeMegabytes <= 0 ? 100 : maxSizeMegabytes) * MEGABYTE;
    this.maxBackups = maxBackups;
    this.maxAgeDays = maxAgeDays;
    this.clock = clock;
    String name = this.file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.prefix = (dot <= 0 ? name : name.substring(0, dot)) + "-";
    this.extension = dot <= 0 ? "" : name.substring(dot);
  }

  /** Opens (creating) the file for appending: a bad path fails at start, not at the first event. */
  public RotatingFile open() throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    size = Files.size(file);
    return this;
  }

  public void write(byte[] bytes) throws IOException {
    if (size > 0 && size + bytes.length > maxBytes) {
      rotate();
    }
    out.write(bytes);
    size += bytes.length;
  }

  public void flush() throws IOException {
    out.flush();
  }

  private void rotate() throws IOException {
    out.close();
    Instant now = clock.instant();
    Files.move(file, file.resolveSibling(prefix + BACKUP_TIME.format(now) + extension));
    open();
    removeOldBackups(now);
  }

  /** The rotated files, newest first (their names sort by time). */
  List<Path> backups() throws IOException {
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files.filter(p -> backupTime(p) != null).sorted(Comparator.comparing(p -> p.getFileName().toString(),
          Comparator.reverseOrder())).toList();
    }
  }

  private void removeOldBackups(Instant now) throws IOException {
    List<Path> remove = new ArrayList<>();
    List<Path> all = backups();
    for (int i = 0; i < all.size(); i++) {
      Instant t = backupTime(all.get(i));
      boolean tooMany = maxBackups > 0 && i >= maxBackups;
      boolean tooOld = maxAgeDays > 0 && t.isBefore(now.minus(Duration.ofDays(maxAgeDays)));
      if (tooMany || tooOld) {
        remove.add(all.get(i));
      }
    }
    for (Path p : remove) {
      Files.deleteIfExists(p);
    }
  }

  private Instant backupTime(Path p) {
    String name = p.getFileName().toString();
    if (!name.startsWith(prefix) || !name.endsWith(extension) || name.length() <= prefix.length() + extension.length()) {
      return null;
    }
    try {
      return BACKUP_TIME.parse(name.substring(prefix.length(), name.length() - extension.length()), Instant::from);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
