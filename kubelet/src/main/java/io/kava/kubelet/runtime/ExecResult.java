package io.kava.kubelet.runtime;

/** The outcome of a command run inside a container; exitCode -1 when it did not finish in time. */
public record ExecResult(int exitCode, String output, boolean timedOut) {
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
