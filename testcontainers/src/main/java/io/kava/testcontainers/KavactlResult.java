package io.kava.testcontainers;

/** What {@code kavactl} printed and its exit code (kubectl's: 0 success, 1 an error). */
public record KavactlResult(int exitCode, String stdout, String stderr) {
  /** Standard output then standard error, as a terminal shows them. */
  public String output() {
    return stdout + stderr;
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
