package io.kava.kubectl.streams;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Just enough of the tar format for kubectl cp: regular files and folders, ustar headers (GNU long
 * names when reading, as busybox and GNU tar write them). Files stream through; none is held in memory.
 */
final class Tar {
  private static final int BLOCK = 512;

  private Tar() {}

  /** Writes {@code source} (a file or a folder, recursively) under the entry name {@code name}. */
  static void write(Path source, String name, OutputStream out) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(source)) {
      paths = walk.sorted().toList();
    }
    for (Path p : paths) {
      String rel = source.relativize(p).toString().replace('\\', '/');
      String entry = rel.isEmpty() ? name : name + "/" + rel;
      if (Files.isDirectory(p)) {
        header(out, entry + "/", 0, '5', 0755);
      } else if (Files.isRegularFile(p)) {
        long size = Files.size(p);
        header(out, entry, size, '0', Files.isExecutable(p) ? 0755 : 0644);
        try (InputStream in = Files.newInputStream(p)) {
          long copied = in.transferTo(out);
          if (copied != size) {
            throw new IOException(p + " changed while it was copied");
          }
        }
        pad(out, size);
      }
    }
    out.write(new byte[BLOCK * 2]);
    out.flush();
  }

  /**
   * Reads entries, writing each under {@code target}: the entry named {@code name} becomes target
   * itself, and entries below it the same paths below target. Entries outside it are refused.
   */
  static int read(InputStream in, String name, Path target) throws IOException {
    byte[] header = new byte[BLOCK];
    String longName = null;
    int files = 0;
    while (true) {
      if (!readFully(in, header)) {
        return files;
      }
      if (allZero(header)) {
        return files;
      }
      String entry = longName != null ? longName : entryName(header);
      longName = null;
      char type = (char) header[156];
      long size = octal(header, 124, 12);
      if (type == 'L') {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        copy(in, b, size);
        skipPadding(in, size);
        longName = b.toString(StandardCharsets.UTF_8).replace("\0", "");
        continue;
      }
      Path dest = destination(entry, name, target);
      if (type == '5') {
        Files.createDirectories(dest);
      } else if (type == '0' || type == '\0') {
        if (dest.getParent() != null) {
          Files.createDirectories(dest.getParent());
        }
        try (OutputStream out = Files.newOutputStream(dest)) {
          copy(in, out, size);
        }
        skipPadding(in, size);
        files++;
        continue;
      }
      // links and specials are skipped, as kubectl skips what it cannot make safely
      copy(in, OutputStream.nullOutputStream(), size);
      skipPadding(in, size);
    }
  }

  private static Path destination(String entry, String name, Path target) throws IOException {
    String e = entry.replaceAll("/+$", "");
    String n = name.replaceAll("/+$", "");
    String rest;
    if (e.equals(n)) {
      rest = "";
    } else if (e.startsWith(n + "/")) {
      rest = e.substring(n.length() + 1);
    } else {
      throw new IOException("unexpected entry " + entry + " in the archive");
    }
    Path dest = target.resolve(rest).normalize();
    if (!dest.startsWith(target.normalize())) {
      throw new IOException("entry " + entry + " is outside the target folder");
    }
    return dest;
  }

  private static String entryName(byte[] h) {
    String name = text(h, 0, 100);
    String prefix = text(h, 345, 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static void header(OutputStream out, String name, long size, char type, int mode) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100) {
      // GNU tar's long name: an 'L' entry holding the name, then the entry with the name cut short.
      header(out, "././@LongLink", n.length + 1L, 'L', 0644);
      out.write(n);
      out.write(0);
      pad(out, n.length + 1L);
      n = java.util.Arrays.copyOf(n, 100);
    }
    byte[] h = new byte[BLOCK];
    System.arraycopy(n, 0, h, 0, n.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, System.currentTimeMillis() / 1000);
    h[156] = (byte) type;
    byte[] magic = "ustar  \u0000".getBytes(StandardCharsets.US_ASCII); // GNU magic, as GNU 'L' entries need
    System.arraycopy(magic, 0, h, 257, magic.length);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    out.write(h);
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
    byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, Math.min(b.length, len - 1));
    h[off + len - 1] = 0;
  }

  private static long octal(byte[] h, int off, int len) {
    String s = text(h, off, len).strip();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static String text(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static void pad(OutputStream out, long size) throws IOException {
    int rem = (int) (size % BLOCK);
    if (rem != 0) {
      out.write(new byte[BLOCK - rem]);
    }
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    int rem = (int) (size % BLOCK);
    if (rem != 0) {
      copy(in, OutputStream.nullOutputStream(), BLOCK - rem);
    }
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("the archive ended early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static boolean readFully(InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        if (off == 0) {
          return false;
        }
        throw new EOFException("the archive ended early");
      }
      off += n;
    }
    return true;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
