package io.kava.kubelet.runtime;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;

/**
 * An exec or attach with stdin over a {@link DockerHijack} connection: one thread copies stdin to the
 * engine and half-closes at its end, another splits the engine's output into stdout and stderr
 * (Docker's 8-byte frame headers; a tty's output is one raw stream).
 */
final class HijackedSession implements ContainerStreams.StreamSession {
  interface Resizer {
    void resize(int width, int height);
  }

  private final DockerHijack hijack;
  private final Resizer resizer;
  private final IntSupplier exitCode;
  private final CountDownLatch ended = new CountDownLatch(1);

  private HijackedSession(DockerHijack hijack, Resizer resizer, IntSupplier exitCode) {
    this.hijack = hijack;
    this.resizer = resizer;
    this.exitCode = exitCode;
  }

  static HijackedSession open(String dockerHost, String path, String body, boolean raw, ContainerStreams.Stdio stdio,
      Resizer resizer, IntSupplier exitCode) {
    DockerHijack hijack;
    try {
      hijack = DockerHijack.open(dockerHost, path, body);
    } catch (IOException e) {
      throw new RuntimeUnavailableException("Docker failed to open a stream: " + e.getMessage(), e);
    }
    HijackedSession session = new HijackedSession(hijack, resizer, exitCode);
    Thread in = new Thread(() -> session.pumpStdin(stdio.stdin()), "docker-stdin");
    in.setDaemon(true);
    in.start();
    Thread out = new Thread(() -> session.pumpOutput(raw, stdio.stdout(), stdio.stderr()), "docker-output");
    out.setDaemon(true);
    out.start();
    return session;
  }

  private void pumpStdin(InputStream stdin) {
    try (stdin) {
      OutputStream engine = hijack.output();
      byte[] buffer = new byte[32 * 1024];
      int n;
      while ((n = stdin.read(buffer)) >= 0) {
        engine.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // the session ended or the client went away: stop feeding it
    } finally {
      hijack.shutdownOutput();
    }
  }

  private void pumpOutput(boolean raw, OutputStream stdout, OutputStream stderr) {
    try {
      InputStream engine = hijack.input();
      if (raw) {
        byte[] buffer = new byte[32 * 1024];
        int n;
        while ((n = engine.read(buffer)) >= 0) {
          stdout.write(buffer, 0, n);
          stdout.flush();
        }
      } else {
        DataInputStream frames = new DataInputStream(engine);
        byte[] header = new byte[8];
        while (true) {
          try {
            frames.readFully(header);
          } catch (EOFException e) {
            break;
          }
          int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
          byte[] payload = new byte[size];
          frames.readFully(payload);
          OutputStream target = header[0] == 2 && stderr != null ? stderr : stdout;
          target.write(payload);
          target.flush();
        }
      }
    } catch (IOException e) {
      // the client went away or the engine closed: the session is over
    } finally {
      hijack.close();
      ended.countDown();
    }
  }

  @Override
  public void resize(int width, int height) {
    if (width > 0 && height > 0) {
      resizer.resize(width, height);
    }
  }

  @Override
  public int awaitExit() throws InterruptedException {
    ended.await();
    return exitCode.getAsInt();
  }

  @Override
  public void close() {
    hijack.close();
  }
}
