package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerStreams;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each container's termination message, as upstream's kubelet: a fresh file per container run,
 * bind-mounted at its terminationMessagePath (&lt;pod dir&gt;/containers/&lt;name&gt;/&lt;restart count&gt;),
 * read back once the container has exited (its last 4096 bytes). With FallbackToLogsOnError, a failed
 * container that wrote nothing there gets the end of its log instead (the last 80 lines, at most 2048
 * bytes).
 */
public final class TerminationMessages {
  /** Upstream's MaxContainerTerminationMessageLength. */
  static final int MAX_MESSAGE_BYTES = 4096;
  /** Upstream's MaxContainerTerminationMessageLogLines and MaxContainerTerminationMessageLogLength. */
  static final int MAX_LOG_LINES = 80;
  static final int MAX_LOG_BYTES = 2048;
  public static final String FALLBACK_TO_LOGS_ON_ERROR = "FallbackToLogsOnError";
  /** Exited containers never change: their messages are read once (bounded, oldest dropped). */
  private static final int CACHE_SIZE = 1024;

  /** The last lines of a container's log (stdout and stderr). */
  public interface LogTail {
    String tail(String containerId, int lines) throws IOException;

    LogTail NONE = (id, lines) -> "";

    /** Docker's logs --tail, stdout and stderr together. */
    static LogTail of(ContainerStreams streams) {
      return (id, lines) -> {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        streams.logs(id, new ContainerStreams.LogOptions(false, false, 0, lines), out);
        return out.toString(StandardCharsets.UTF_8);
      };
    }
  }

  private final Function<String, Path> podDir;
  private final LogTail logs;
  private final Map<String, String> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  public TerminationMessages(Function<String, Path> podDir, LogTail logs) {
    this.podDir = podDir;
    this.logs = logs;
  }

  /** Creates the run's empty, world-writable file (any runAsUser may write it) and returns its bind. */
  public Optional<ContainerConfig.Mount> mount(Pod pod, Container c, int restartCount) throws EnvResolver.ConfigError {
    if (c.getTerminationMessagePath().isEmpty()) {
      return Optional.empty();
    }
    Path file = file(pod.getMetadata().getUid(), c.getName(), restartCount);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[0]);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      throw new EnvResolver.ConfigError("create termination-log file: " + e.getMessage());
    }
    return Optional.of(new ContainerConfig.Mount(file.toString(), c.getTerminationMessagePath(), false));
  }

  /** The messages of the pod's exited containers, by container id (containers without one are absent). */
  public Map<String, String> of(Pod pod, ObservedPod observed) {
    List<Container> specs = new ArrayList<>(pod.getSpec().getInitContainersList());
    specs.addAll(pod.getSpec().getContainersList());
    Map<String, String> messages = new HashMap<>();
    for (Container c : specs) {
      for (ContainerInfo run : observed.attempts(c.getName())) {
        if (run.exited()) {
          String message = message(pod, c, run);
          if (!message.isEmpty()) {
            messages.put(run.id(), message);
          }
        }
      }
    }
    return messages;
  }

  private String message(Pod pod, Container c, ContainerInfo run) {
    synchronized (cache) {
      String known = cache.get(run.id());
      if (known != null) {
        return known;
      }
    }
    boolean fallbackToLogs = c.getTerminationMessagePolicy().equals(FALLBACK_TO_LOGS_ON_ERROR)
        && run.exitCode() != 0 && run.error().isEmpty();
    String message = "";
    boolean checkLogs = fallbackToLogs;
    if (!c.getTerminationMessagePath().isEmpty()) {
      Path file = file(pod.getMetadata().getUid(), c.getName(), ContainerLabels.restartCount(run));
      try {
        message = readLast(file, MAX_MESSAGE_BYTES);
        checkLogs = fallbackToLogs && message.isEmpty();
      } catch (NoSuchFileException e) {
        // the pod's directory is gone, or the run predates this kubelet: the logs may tell
      } catch (IOException e) {
        message = "Error on reading termination log " + file + ": " + e.getMessage();
        checkLogs = false;
      }
    }
    if (checkLogs) {
      try {
        byte[] tail = logs.tail(run.id(), MAX_LOG_LINES).getBytes(StandardCharsets.UTF_8);
        message = new String(tail, 0, Math.min(tail.length, MAX_LOG_BYTES), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        return ""; // the engine did not answer: try again at the next sync
      }
    }
    synchronized (cache) {
      cache.put(run.id(), message);
    }
    return message;
  }

  Path file(String uid, String container, int restartCount) {
    return podDir.apply(uid).resolve("containers").resolve(container).resolve(Integer.toString(restartCount));
  }

  /** Upstream's tail.ReadAtMost: the file's last max bytes. */
  private static String readLast(Path file, int max) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int size = (int) Math.min(length, max);
      byte[] bytes = new byte[size];
      f.seek(length - size);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      throw new NoSuchFileException(file.toString());
    }
  }
}
