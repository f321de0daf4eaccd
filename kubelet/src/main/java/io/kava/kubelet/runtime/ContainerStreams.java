package io.kava.kubelet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A container engine's streams, for the kubelet's streaming server (logs, exec, attach). Kept apart
 * from {@link ContainerRuntime} so the pod worker's fake need not grow them; the Docker implementation
 * is {@link DockerContainerRuntime}. Every call blocks its caller while it streams, and a blocked
 * {@code write} on an output blocks the engine's stream too: that is the flow control, nothing is
 * buffered beyond one frame.
 */
public interface ContainerStreams {
  /** Writes the container's output to {@code out} until it is all written (or, following, the container stops). */
  void logs(String containerId, LogOptions options, OutputStream out) throws IOException;

  /** Starts a command in a running container; stdin may be null (no stdin attached). */
  StreamSession exec(String containerId, List<String> command, Stdio stdio);

  /** Attaches to a running container's main process. */
  StreamSession attach(String containerId, Stdio stdio);

  /**
   * Docker's log options. sinceEpochSeconds 0 is "from the start"; tailLines negative is "all".
   */
  record LogOptions(boolean follow, boolean timestamps, long sinceEpochSeconds, long tailLines) {}

  /** What a session reads and writes; stderr is unused with a tty (the terminal merges it into stdout). */
  record Stdio(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty, int width, int height) {}

  /** An exec or attach under way. */
  interface StreamSession extends AutoCloseable {
    void resize(int width, int height);

    /** Waits for the stream to end and returns the exit code, or -1 when the process still runs (detached). */
    int awaitExit() throws InterruptedException;

    /** Ends the stream (the caller went away); the process of an exec may go on as with docker. */
    @Override
    void close();
  }
}
