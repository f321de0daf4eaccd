package io.kava.kubelet.volume;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Upstream's AtomicWriter: a volume of API data (configMap, secret, downwardAPI, projected) is written
 * so that a reader sees either the whole old set of files or the whole new one, never a mix. The files
 * go into a fresh timestamped directory {@code ..2026_12_01_18_30_00.123}; the symlink {@code ..data}
 * is then switched to it with one rename, and each top-level path of the payload is a symlink through
 * {@code ..data} ({@code key -> ..data/key}), so the switch moves every file at once. The previous
 * directory is removed afterwards. A payload equal to what {@code ..data} shows writes nothing.
 *
 * <p>Names starting with {@code ..} belong to the writer; the payload may not use them, nor absolute
 * paths or {@code ..} elements.
 */
public final class AtomicWriter {
  static final String DATA_DIR = "..data";
  private static final String DATA_DIR_TMP = "..data_tmp";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.")
      .withZone(ZoneOffset.UTC);

  /** One file of the payload: its bytes and permission bits (0644 style). */
  public record FileProjection(byte[] data, int mode) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FileProjection f && f.mode == mode && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(data) + mode;
    }

    @Override
    public String toString() {
      return "FileProjection[" + data.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
  }

  private final Path target;
  private final Clock clock;

  public AtomicWriter(Path target) {
    this(target, Clock.systemUTC());
  }

  AtomicWriter(Path target, Clock clock) {
    this.target = target;
    this.clock = clock;
  }

  /** The reason a payload path is refused, or null when it is a fine relative path. */
  public static String invalidPath(String path) {
    if (path.isEmpty()) {
      return "must not be empty";
    }
    if (path.startsWith("/")) {
      return "must be a relative path";
    }
    if (Arrays.asList(path.split("/")).contains("..")) {
      return "must not contain '..'";
    }
    if (path.startsWith("..")) {
      return "must not start with '..'";
    }
    return null;
  }

  /**
   * Makes the target show exactly this payload (relative path to file); returns whether anything was
   * written. Throws IllegalArgumentException for a refused path, before touching the disk.
   */
  public boolean write(Map<String, FileProjection> payload) throws IOException {
    Map<String, FileProjection> clean = new TreeMap<>();
    for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
      String path = Path.of(e.getKey()).normalize().toString();
      String invalid = invalidPath(e.getKey());
      if (invalid != null) {
        throw new IllegalArgumentException("invalid path \"" + e.getKey() + "\": " + invalid);
      }
      clean.put(path, e.getValue());
    }
    Files.createDirectories(target);
    Path dataLink = target.resolve(DATA_DIR);
    Path oldDir = currentDataDir(dataLink);
    Set<String> visible = topLevel(clean.keySet());
    boolean write = oldDir == null || !sameContent(oldDir, clean);
    if (write) {
      Path newDir = Files.createTempDirectory(target, STAMP.format(clock.instant()));
      Files.setPosixFilePermissions(newDir, permissions(0755));
      writeFiles(newDir, clean);
      Path tmpLink = target.resolve(DATA_DIR_TMP);
      Files.deleteIfExists(tmpLink);
      Files.createSymbolicLink(tmpLink, newDir.getFileName());
      // rename(2) replaces the old link in one step: readers never see ..data missing.
      Files.move(tmpLink, dataLink, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    createVisible(visible);
    removeVisibleExcept(visible);
    if (write && oldDir != null) {
      deleteRecursively(oldDir);
    }
    return write;
  }

  /** The directory {@code ..data} points at, or null when there is none yet. */
  private Path currentDataDir(Path dataLink) throws IOException {
    if (!Files.isSymbolicLink(dataLink)) {
      return null;
    }
    Path dir = target.resolve(Files.readSymbolicLink(dataLink));
    return Files.isDirectory(dir) ? dir : null;
  }

  /** Same files (no more, no fewer) with the same bytes and modes. */
  private static boolean sameContent(Path dir, Map<String, FileProjection> payload) throws IOException {
    Set<String> seen = new HashSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString();
        FileProjection want = payload.get(rel);
        if (want == null || !Arrays.equals(Files.readAllBytes(p), want.data())
            || !Files.getPosixFilePermissions(p).containsAll(permissions(want.mode()))) {
          return false;
        }
        seen.add(rel);
      }
    }
    return seen.equals(payload.keySet());
  }

  private static void writeFiles(Path dir, Map<String, FileProjection> payload) throws IOException {
    for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.isDirectory(file.getParent())) {
        Files.createDirectories(file.getParent());
        for (Path parent = file.getParent(); !parent.equals(dir); parent = parent.getParent()) {
          Files.setPosixFilePermissions(parent, permissions(0755));
        }
      }
      Files.write(file, e.getValue().data());
      Files.setPosixFilePermissions(file, permissions(e.getValue().mode()));
    }
  }

  private static Set<String> topLevel(Set<String> paths) {
    Set<String> top = new HashSet<>();
    for (String p : paths) {
      int slash = p.indexOf('/');
      top.add(slash < 0 ? p : p.substring(0, slash));
    }
    return top;
  }

  /** {@code name -> ..data/name} for each top-level name; what stands there otherwise (an older layout) goes. */
  private void createVisible(Set<String> names) throws IOException {
    for (String name : names) {
      Path link = target.resolve(name);
      Path want = Path.of(DATA_DIR, name);
      if (Files.isSymbolicLink(link)) {
        if (Files.readSymbolicLink(link).equals(want)) {
          continue;
        }
        Files.delete(link);
      } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        deleteRecursively(link);
      }
      try {
        Files.createSymbolicLink(link, want);
      } catch (FileAlreadyExistsException e) {
        // another writer of the same volume got there first with the same link
      }
    }
  }

  private void removeVisibleExcept(Set<String> names) throws IOException {
    List<Path> stale;
    try (Stream<Path> list = Files.list(target)) {
      stale = list.filter(p -> !p.getFileName().toString().startsWith("..")
          && !names.contains(p.getFileName().toString())).toList();
    }
    for (Path p : stale) {
      deleteRecursively(p);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
      Files.deleteIfExists(path);
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
          // raced with another cleanup; the next write settles it
        }
      }
    }
  }

  /** Permission bits (the low nine of a mode such as 0644) as NIO permissions. */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
