package io.kava.proxy.sysctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real kernel parameters under /proc/sys. */
public final class ProcSysctl implements Sysctl {
  private static final Path ROOT = Path.of("/proc/sys");

  @Override
  public int get(String name) {
    try {
      return Integer.parseInt(Files.readString(ROOT.resolve(name)).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read sysctl " + name, e);
    }
  }

  @Override
  public void set(String name, int value) {
    try {
      Files.writeString(ROOT.resolve(name), value + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not set sysctl " + name + "=" + value, e);
    }
  }
}
