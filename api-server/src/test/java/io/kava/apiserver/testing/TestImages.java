package io.kava.apiserver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds the local images the integration tests need (no registry is reachable) when they are missing. */
public final class TestImages {
  public static final String ETCD = "kava/etcd:3.4.23";
  public static final String BUSYBOX = "kava/busybox:latest";

  private TestImages() {}

  /** Runs deploy/images/{etcd,busybox}/build.sh for images not present yet; both scripts are idempotent. */
  public static synchronized void ensureBuilt() {
    ensure(ETCD, "deploy/images/etcd/build.sh");
    ensure(BUSYBOX, "deploy/images/busybox/build.sh");
  }

  private static void ensure(String image, String script) {
    if (run("docker", "image", "inspect", image) == 0) {
      return;
    }
    Path path = repoRoot().resolve(script);
    if (run("bash", path.toString()) != 0) {
      throw new IllegalStateException("Failed to build " + image + " with " + path);
    }
  }

  /** The repository root: the first parent of the working directory that holds deploy/images. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/images"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("No deploy/images above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static int run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
