package io.kava.e2e;

import io.kava.apiserver.testing.ClassDataArchive;
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
  private ClassDataArchive classData;

  ManagedProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = command;
    this.log = log;
  }

  /** Starts with (or records) this class-data archive: the command's first word must be java. */
  ManagedProcess withClassData(ClassDataArchive archive) {
    this.classData = archive;
    return this;
  }

  ManagedProcess start() throws IOException {
    if (isAlive()) {
      return this;
    }
    if (process != null) {
      ended(); // it exited by itself: keep what it recorded before the next start asks again
    }
    File logFile = log.toFile();
    logFile.getParentFile().mkdirs();
    List<String> launch = command;
    if (classData != null) {
      launch = new java.util.ArrayList<>(command);
      launch.addAll(1, classData.jvmOptions());
    }
    process = new ProcessBuilder(launch).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile)).start();
    return this;
  }

  /** Waits for a process that ends by itself (a one-shot command); false when it did not end in time. */
  boolean waitFor(java.time.Duration timeout) {
    try {
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      ended();
      return ended;
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
    ended();
  }

  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    // A recorder writes its class-data archive as it exits: tens of seconds at a load of 30 on two cores.
    long patience = classData != null && classData.recording() ? 120 : 15;
    try {
      if (!process.waitFor(patience, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    ended();
  }

  /** SIGTERM without waiting: {@link #stop} then waits, so that several processes stop side by side. */
  void signalStop() {
    if (process != null) {
      process.destroy();
    }
  }

  /** Hands the exit code to the class-data archive, which keeps what an exited recorder wrote. */
  private void ended() {
    if (classData != null && !process.isAlive()) {
      classData.ended(process.exitValue());
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
