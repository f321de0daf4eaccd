package io.kava.kubelet.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@link ContainerStreams} through docker-java, the half of {@link DockerContainerRuntime} that streams.
 * docker-java calls {@code onNext} on its own reading thread; writing there, and blocking there while the
 * receiver is not ready, stops docker-java reading the engine's socket, so a slow client slows the
 * engine down instead of filling memory.
 */
final class DockerStreams implements ContainerStreams {
  private final DockerClient docker;
  private final String dockerHost;

  DockerStreams(DockerClient docker, String dockerHost) {
    this.docker = docker;
    this.dockerHost = dockerHost;
  }

  @Override
  public void logs(String containerId, LogOptions options, OutputStream out) throws IOException {
    LogContainerCmd cmd = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
        .withFollowStream(options.follow()).withTimestamps(options.timestamps());
    if (options.tailLines() >= 0) {
      cmd.withTail((int) Math.min(Integer.MAX_VALUE, options.tailLines()));
    }
    if (options.sinceEpochSeconds() > 0) {
      cmd.withSince((int) options.sinceEpochSeconds());
    }
    FrameWriter writer = new FrameWriter(out, out, null);
    try {
      cmd.exec(writer).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      writer.close();
    }
    writer.rethrow();
  }

  @Override
  public StreamSession exec(String containerId, List<String> command, Stdio stdio) {
    String execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
        .withAttachStdin(stdio.stdin() != null).withAttachStdout(true).withAttachStderr(true)
        .withTty(stdio.tty()).exec().getId();
    if (stdio.stdin() != null) {
      HijackedSession session = HijackedSession.open(dockerHost, "/exec/" + execId + "/start",
          "{\"Detach\":false,\"Tty\":" + stdio.tty() + "}", stdio.tty(), stdio, (w, h) -> {
            try {
              docker.resizeExecCmd(execId).withSize(h, w).exec();
            } catch (RuntimeException e) {
              // the process may be gone already; a lost resize is harmless
            }
          }, () -> execExitCode(execId));
      session.resize(stdio.width(), stdio.height());
      return session;
    }
    FrameWriter writer = new FrameWriter(stdio.stdout(), stdio.stderr(), stdio.stdin());
    var start = docker.execStartCmd(execId).withDetach(false).withTty(stdio.tty());
    if (stdio.stdin() != null) {
      start.withStdIn(stdio.stdin());
    }
    start.exec(writer);
    Session session = new Session(writer) {
      @Override
      public void resize(int width, int height) {
        if (width > 0 && height > 0) {
          try {
            docker.resizeExecCmd(execId).withSize(height, width).exec();
          } catch (RuntimeException e) {
            // the process may be gone already; a lost resize is harmless
          }
        }
      }

      @Override
      int exitCode() {
        return execExitCode(execId);
      }
    };
    if (stdio.tty()) {
      session.resizeWhenStarted(stdio.width(), stdio.height());
    }
    return session;
  }

  @Override
  public StreamSession attach(String containerId, Stdio stdio) {
    if (stdio.stdin() != null) {
      var config = docker.inspectContainerCmd(containerId).exec().getConfig();
      boolean tty = config != null && Boolean.TRUE.equals(config.getTty());
      HijackedSession session = HijackedSession.open(dockerHost,
          "/containers/" + containerId + "/attach?stream=1&stdin=1&stdout=1&stderr=1", "", tty, stdio, (w, h) -> {
            try {
              docker.resizeContainerCmd(containerId).withSize(h, w).exec();
            } catch (RuntimeException e) {
              // a container without a tty cannot be resized; nothing to do
            }
          }, () -> {
            var state = docker.inspectContainerCmd(containerId).exec().getState();
            return state == null || Boolean.TRUE.equals(state.getRunning()) || state.getExitCodeLong() == null
                ? -1 : state.getExitCodeLong().intValue();
          });
      if (stdio.tty()) {
        session.resize(stdio.width(), stdio.height());
      }
      return session;
    }
    FrameWriter writer = new FrameWriter(stdio.stdout(), stdio.stderr(), stdio.stdin());
    var attach = docker.attachContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
        .withLogs(false);
    if (stdio.stdin() != null) {
      attach.withStdIn(stdio.stdin());
    }
    attach.exec(writer);
    Session session = new Session(writer) {
      @Override
      public void resize(int width, int height) {
        if (width > 0 && height > 0) {
          try {
            docker.resizeContainerCmd(containerId).withSize(height, width).exec();
          } catch (RuntimeException e) {
            // a container without a tty cannot be resized; nothing to do
          }
        }
      }

      @Override
      int exitCode() {
        var state = docker.inspectContainerCmd(containerId).exec().getState();
        if (state == null || Boolean.TRUE.equals(state.getRunning()) || state.getExitCodeLong() == null) {
          return -1;
        }
        return state.getExitCodeLong().intValue();
      }
    };
    if (stdio.tty()) {
      session.resizeWhenStarted(stdio.width(), stdio.height());
    }
    return session;
  }

  /** The engine may report the exec running for a moment after its stream ended: asks again briefly. */
  private int execExitCode(String execId) {
    for (int i = 0; i < 100; i++) {
      var exec = docker.inspectExecCmd(execId).exec();
      if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
        return exec.getExitCodeLong().intValue();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return -1;
  }

  /** A started exec or attach: waits on its writer, then asks the engine for the exit code. */
  private abstract static class Session implements StreamSession {
    private final FrameWriter writer;

    Session(FrameWriter writer) {
      this.writer = writer;
    }

    abstract int exitCode();

    void resizeWhenStarted(int width, int height) {
      try {
        writer.started.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      resize(width, height);
    }

    @Override
    public int awaitExit() throws InterruptedException {
      writer.awaitCompletion();
      return exitCode();
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  /** Writes each frame to stdout or stderr as it comes; a failed write ends the stream. */
  private static final class FrameWriter extends ResultCallback.Adapter<Frame> {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final AutoCloseable stdin;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile IOException failure;

    FrameWriter(OutputStream stdout, OutputStream stderr, AutoCloseable stdin) {
      this.stdout = stdout;
      this.stderr = stderr;
      this.stdin = stdin;
    }

    @Override
    public void onStart(java.io.Closeable stream) {
      super.onStart(stream);
      started.countDown();
    }

    @Override
    public void onNext(Frame frame) {
      OutputStream target = frame.getStreamType() == StreamType.STDERR && stderr != null ? stderr : stdout;
      try {
        target.write(frame.getPayload());
        target.flush();
      } catch (IOException e) {
        failure = e;
        close();
      }
    }

    @Override
    public void onComplete() {
      super.onComplete();
      closeStdin();
    }

    @Override
    public void onError(Throwable throwable) {
      started.countDown();
      closeStdin();
      super.onError(throwable);
    }

    @Override
    public void close() {
      started.countDown();
      closeStdin();
      try {
        super.close();
      } catch (IOException e) {
        // the stream is gone either way
      }
    }

    /** docker-java's stdin pump reads until end of input: ending the input lets it finish. */
    private void closeStdin() {
      if (stdin != null) {
        try {
          stdin.close();
        } catch (Exception e) {
          // nothing left to release
        }
      }
    }

    void rethrow() throws IOException {
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public ResultCallback.Adapter<Frame> awaitCompletion() throws InterruptedException {
      try {
        return super.awaitCompletion();
      } catch (RuntimeException e) {
        throw new UncheckedIOException(new IOException(DockerContainerRuntime.messageOf(e), e));
      }
    }
  }
}
