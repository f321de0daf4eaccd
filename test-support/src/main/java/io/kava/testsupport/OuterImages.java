package io.kava.testsupport;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Copies an image of the outer Docker engine into the engine that runs inside a container ({@code docker
 * save} outside, {@code docker load} inside, as {@code kind load docker-image}): no registry needed.
 */
public final class OuterImages {
  private static final AtomicInteger UPLOADS = new AtomicInteger();

  private OuterImages() {}

  /**
   * @param outer the engine that has the image (the one the container runs on)
   * @param into a running container whose {@code docker} CLI reaches its inner engine
   * @throws IllegalStateException with the inner engine's error when {@code docker load} fails
   */
  public static void load(DockerClient outer, GenericContainer<?> into, String image) {
    load(outer, List.of(into), image);
  }

  /**
   * The same into several containers (the nodes of a multi-node cluster), saved from the outer engine once.
   *
   * @throws IllegalStateException naming the container whose inner engine refused it
   */
  public static void load(DockerClient outer, List<? extends GenericContainer<?>> into, String image) {
    Path tarball = null;
    try {
      tarball = Files.createTempFile("kava-image-", ".tar");
      try (InputStream saved = outer.saveImageCmd(image).exec()) {
        Files.copy(saved, tarball, StandardCopyOption.REPLACE_EXISTING);
      }
      for (GenericContainer<?> container : into) {
        String inside = "/tmp/kava-image-" + UPLOADS.incrementAndGet() + ".tar";
        container.copyFileToContainer(MountableFile.forHostPath(tarball), inside);
        Container.ExecResult loaded = container.execInContainer("sh", "-c",
            "docker load -q -i " + inside + "; rc=$?; rm -f " + inside + "; exit $rc");
        if (loaded.getExitCode() != 0) {
          String which = into.size() == 1 ? "" : " of container " + container.getContainerName();
          throw new IllegalStateException("Could not load " + image + " into the inner engine" + which + ": "
              + (loaded.getStderr() + loaded.getStdout()).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while loading " + image, e);
    } finally {
      if (tarball != null) {
        try {
          Files.deleteIfExists(tarball);
        } catch (IOException ignored) {
          // a temp file; the JVM's temp directory is cleaned elsewhere
        }
      }
    }
  }
}
