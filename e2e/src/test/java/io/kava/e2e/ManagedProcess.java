package io.kava.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One real OS process of the test cluster, its output in a log file; stopped with SIGTERM, then SIGKILL. */
final class ManagedProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  ManagedProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = command;
    this.log = log;
  }

  ManagedProcess start() throws IOException {
    if (isAlive()) {
      return this;
    }
    File logFile = log.toFile();
    logFile.getParentFile().mkdirs();
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile)).start();
    return this;
  }

  /** Waits for a process that ends by itself (a one-shot command); false when it did not end in time. */
  boolean waitFor(java.time.Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, as a crashed machine or `kill -9`: no shutdown hook runs. */
  void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  boolean logContains(String text) {
    try {
      return java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }
}
