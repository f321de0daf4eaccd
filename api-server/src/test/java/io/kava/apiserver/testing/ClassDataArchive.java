package io.kava.apiserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The application class-data archive (AppCDS) of one kind of process, as kubectl/bin/kavactl keeps one for
 * kavactl: the first process of that kind a build starts records the classes it loaded when it exits
 * (-XX:ArchiveClassesAtExit, on SIGTERM too), and every later one maps them (-XX:SharedArchiveFile) instead of
 * loading and verifying them again, which is most of a cold JVM's start. The archive lives beside the jar and is
 * named by the jar's size and time, so a rebuilt jar records a new one. A process killed with SIGKILL records
 * nothing, and the next one of its kind records instead; one records at a time, the others start without.
 * One instance per launched process (which may be restarted), never shared by processes running at once:
 * the instance whose start got the recording options is the one whose end keeps the archive.
 */
public final class ClassDataArchive {
  private static final List<String> QUIET = List.of("-Xlog:cds*=off", "-Xlog:class+path*=off");
  /** Exit codes after which what a recorder wrote is not kept: SIGKILL (no dump), a JVM crash (SIGABRT, SIGSEGV). */
  private static final Set<Integer> NOT_DUMPED = Set.of(128 + 9, 128 + 6, 128 + 11);
  /** Archives some process of this JVM is recording now. */
  private static final Set<Path> RECORDING = ConcurrentHashMap.newKeySet();

  private final Path archive;
  private Path recordingTo;

  private ClassDataArchive(Path archive) {
    this.archive = archive;
  }

  /** The archive of PROCESS (a name: the module, or hollow-nodes) run from JAR. */
  public static ClassDataArchive of(Path jar, String process) {
    try {
      String stamp = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
      return new ClassDataArchive(jar.resolveSibling("kava-" + process + "-" + stamp + ".jsa"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM options of the next start: map the archive, or record it, or (another records it) nothing. */
  public synchronized List<String> jvmOptions() {
    if (Files.exists(archive)) {
      return concat("-XX:SharedArchiveFile=" + archive);
    }
    if (recordingTo == null && RECORDING.add(archive)) {
      recordingTo = archive.resolveSibling("." + archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
      return concat("-XX:ArchiveClassesAtExit=" + recordingTo);
    }
    return List.of();
  }

  /** True while the process started last records: its exit writes the archive, which takes a while on a busy machine. */
  public synchronized boolean recording() {
    return recordingTo != null;
  }

  /**
   * The process ended with EXIT_CODE: what it recorded becomes the archive, under its final name at once (a
   * rename), so no other start ever maps a half-written file.
   */
  public synchronized void ended(int exitCode) {
    if (recordingTo == null) {
      return;
    }
    try {
      if (!NOT_DUMPED.contains(exitCode) && Files.exists(recordingTo) && Files.size(recordingTo) > 0) {
        Files.move(recordingTo, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.deleteIfExists(recordingTo);
    } catch (IOException e) {
      // No archive this time: the next start records again.
    } finally {
      RECORDING.remove(archive);
      recordingTo = null;
    }
  }

  private static List<String> concat(String option) {
    return Stream.concat(Stream.of(option), QUIET.stream()).toList();
  }
}
