package io.kava.kubelet.runtime;

import io.kava.testsupport.HermeticDockerEngine;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real Docker for integration tests: makes sure the local test images exist, and removes only the
 * containers labelled with this test's own node name (other helpers share the host's engine). A class that
 * needs no network path from the test JVM to its containers can run on a {@link HermeticDockerEngine} of
 * its own instead ({@link #on}).
 */
public final class TestDocker implements AutoCloseable {
  public static final String BUSYBOX = "kava/busybox:latest";
  public static final String PAUSE = "kava/pause:3.9";
  public static final String HOST_ENGINE = "unix:///var/run/docker.sock";
  private static volatile boolean imagesReady;

  private final String node;
  private final DockerContainerRuntime runtime;

  /** On the host's engine, shared with every other test and helper. */
  public TestDocker(String prefix) {
    this(prefix, HOST_ENGINE);
  }

  private TestDocker(String prefix, String dockerHost) {
    ensureImages();
    this.node = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.runtime = DockerContainerRuntime.connect(dockerHost);
  }

  /** On a hermetic engine of the test's own, with the test images copied into it. */
  public static TestDocker on(HermeticDockerEngine engine, String prefix) {
    ensureImages();
    engine.loadImages(BUSYBOX, PAUSE);
    return new TestDocker(prefix, engine.dockerHost());
  }

  /**
   * The engine of a class that chose the hermetic one (docs/testing-with-kava.md): started here, or null
   * with -Dkava.hermetic=false, which runs such a class on the host's engine (to compare their durations).
   */
  public static HermeticDockerEngine hermeticEngineUnlessDisabled() {
    return Boolean.parseBoolean(System.getProperty("kava.hermetic", "true")) ? HermeticDockerEngine.start() : null;
  }

  /** {@link #on} the engine, or on the host's when it is null. */
  public static TestDocker onEngineOrHost(HermeticDockerEngine engine, String prefix) {
    return engine == null ? new TestDocker(prefix) : on(engine, prefix);
  }

  /** A node name no other test or helper uses; every test container carries it. */
  public String node() {
    return node;
  }

  public DockerContainerRuntime runtime() {
    return runtime;
  }

  /** The labels every container of this test carries. */
  public Map<String, String> labels() {
    return Map.of("io.kava.managed", "true", "io.kava.node", node);
  }

  public static synchronized void ensureImages() {
    if (imagesReady) {
      return;
    }
    File script = new File("src/test/scripts/ensure-test-images.sh");
    try {
      Process p = new ProcessBuilder(script.getAbsolutePath()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("Building test images failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    imagesReady = true;
  }

  /** Removes this test's containers (and only those). */
  public void cleanUp() {
    for (ContainerSummary c : runtime.listContainers(labels())) {
      runtime.removeContainer(c.id());
    }
  }

  @Override
  public void close() {
    cleanUp();
    runtime.close();
  }
}
