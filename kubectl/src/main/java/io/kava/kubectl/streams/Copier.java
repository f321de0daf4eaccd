package io.kava.kubectl.streams;

import io.grpc.Channel;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubectl.CliException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * kubectl cp: a tar stream through exec, as kubectl does it ({@code tar cf - -C DIR NAME} to copy from
 * the pod, {@code tar xf - -C DIR} to copy to it), so the container needs a tar (busybox has one).
 * Bytes pass through a pipe between the stream and the archive code; no file is held in memory.
 */
public final class Copier {
  private static final int PIPE = 1024 * 1024;

  private final Channel channel;

  public Copier(Channel channel) {
    this.channel = channel;
  }

  /** Copies the pod's file or folder {@code remote} to {@code local}; returns the files written. */
  public int fromPod(PodRef pod, String container, String remote, Path local) throws IOException, InterruptedException {
    String[] split = split(remote);
    BytePipe pipe = new BytePipe(PIPE);
    java.io.InputStream archive = pipe.source;
    java.io.OutputStream stdout = pipe.sink;
    AtomicReference<Exception> readFailure = new AtomicReference<>();
    int[] files = {0};
    Thread reader = new Thread(() -> {
      try (archive) {
        files[0] = Tar.read(archive, split[1], local.toAbsolutePath());
        archive.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        readFailure.set(e);
      }
    }, "kavactl-cp-read");
    reader.start();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code;
    try (stdout) {
      code = StdioCall.exec(channel).run(start(pod, container, List.of("tar", "cf", "-", "-C", split[0], split[1])),
          null, stdout, stderr, null);
    }
    reader.join();
    check(code, stderr);
    if (readFailure.get() != null) {
      throw CliException.error(readFailure.get().getMessage());
    }
    return files[0];
  }

  /** Copies the local file or folder {@code local} to the pod's path {@code remote}. */
  public void toPod(Path local, PodRef pod, String container, String remote) throws IOException, InterruptedException {
    if (!Files.exists(local)) {
      throw CliException.error(local + " doesn't exist in local filesystem");
    }
    String[] split = split(remote);
    BytePipe pipe = new BytePipe(PIPE);
    java.io.OutputStream archive = pipe.sink;
    java.io.InputStream stdin = pipe.source;
    AtomicReference<Exception> writeFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try (archive) {
        Tar.write(local, split[1], archive);
      } catch (IOException e) {
        writeFailure.set(e);
      }
    }, "kavactl-cp-write");
    writer.start();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = StdioCall.exec(channel).run(start(pod, container, List.of("tar", "xf", "-", "-C", split[0])),
        stdin, java.io.OutputStream.nullOutputStream(), stderr, null);
    pipe.closeRead(); // a tar that ended early must not leave the writer blocked
    writer.join();
    if (writeFailure.get() != null && !(writeFailure.get().getMessage() + "").contains("Pipe closed")) {
      throw CliException.error(writeFailure.get().getMessage());
    }
    check(code, stderr);
  }

  /** "/a/b/c" to {"/a/b", "c"}; a bare name is relative to the container's working folder. */
  static String[] split(String remote) {
    String path = remote.length() > 1 ? remote.replaceAll("/+$", "") : remote;
    if (path.isEmpty() || path.equals("/")) {
      throw CliException.error("remote path must name a file or folder, not \"" + remote + "\"");
    }
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return new String[] {".", path};
    }
    return new String[] {slash == 0 ? "/" : path.substring(0, slash), path.substring(slash + 1)};
  }

  private static StreamStart start(PodRef pod, String container, List<String> command) {
    return StreamStart.newBuilder().setPod(pod).setContainer(container).addAllCommand(command).build();
  }

  private static void check(int code, ByteArrayOutputStream stderr) {
    if (code != 0) {
      String err = stderr.toString(StandardCharsets.UTF_8).strip();
      throw CliException.error((err.isEmpty() ? "tar" : err.replaceAll("\\s*\\R\\s*", "; "))
          + " (command terminated with exit code " + code + ")");
    }
  }
}
