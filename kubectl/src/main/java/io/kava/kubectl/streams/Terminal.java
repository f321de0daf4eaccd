package io.kava.kubectl.streams;

import io.kava.api.kubelet.v1.TerminalSize;
import java.io.File;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The user's terminal for {@code -t}: raw mode and its size through {@code stty} on /dev/tty (the JDK
 * has no termios), resizes from SIGWINCH. {@link #restore} puts the saved settings back.
 */
public final class Terminal implements AutoCloseable {
  private static final File TTY = new File("/dev/tty");

  private final String saved;

  private Terminal(String saved) {
    this.saved = saved;
  }

  /** Whether there is a controlling terminal to put in raw mode. */
  public static boolean available() {
    return System.console() != null && TTY.exists() && stty("-g") != null;
  }

  /** Saves the settings and switches to raw mode without echo (the remote side echoes). */
  public static Terminal raw() {
    String saved = stty("-g");
    stty("raw", "-echo");
    return new Terminal(saved == null ? "" : saved.strip());
  }

  public TerminalSize size() {
    String size = stty("size");
    if (size != null) {
      String[] parts = size.strip().split("\\s+");
      if (parts.length == 2) {
        try {
          return StdioCall.size(Integer.parseInt(parts[1]), Integer.parseInt(parts[0]));
        } catch (NumberFormatException e) {
          // fall through to the default
        }
      }
    }
    return StdioCall.size(80, 24);
  }

  /** Calls back with the new size whenever the window changes. */
  @SuppressWarnings("restriction")
  public void onResize(Consumer<TerminalSize> listener) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> listener.accept(size()));
    } catch (IllegalArgumentException e) {
      // no SIGWINCH on this platform: the size stays what it was at start
    }
  }

  public void restore() {
    if (!saved.isEmpty()) {
      stty(saved);
    }
  }

  @Override
  public void close() {
    restore();
  }

  private static String stty(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
