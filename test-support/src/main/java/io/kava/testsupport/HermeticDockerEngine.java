package io.kava.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A Docker engine of a test's own (Docker in Docker): a container of kava/kava's Debian base that runs
 * dockerd and nothing else, with {@link InnerEngineRights}, its API on a unix socket in a host folder
 * bind-mounted into it ({@link #dockerHost()}). Two such engines, and the host's, do not see each other's
 * containers. {@link #close()} removes the container (the inner engine, its containers and their storage
 * on a tmpfs go with it) and the socket's folder.
 *
 * <p>What it cannot give: the inner containers' addresses and published ports live in the outer container's
 * network namespace, so the test JVM cannot connect to a pod IP or a host port there. Tests that do stay
 * on the host engine (docs/testing-with-kava.md, "Kava's own tests").
 *
 * <pre>{@code
 * try (HermeticDockerEngine engine = HermeticDockerEngine.start()) {
 *   engine.loadImages("kava/busybox:latest");
 *   DockerContainerRuntime runtime = DockerContainerRuntime.connect(engine.dockerHost());
 * }
 * }</pre>
 */
public final class HermeticDockerEngine implements AutoCloseable {
  /** Overrides the image (any image with dockerd, bash and iptables); default: the newest kava/kava-base. */
  public static final String IMAGE_PROPERTY = "kava.hermetic.image";
  static final String BASE_LABEL = "io.kava.image";
  static final String BASE_LABEL_VALUE = "kava-base";
  /** The repository deploy/images/kava/base.sh tags the base with (kava/kava-base:&lt;hash of its packages&gt;). */
  static final String BASE_REPOSITORY = "kava/kava-base";
  static final String SOCKET_DIR = "/run/hermetic";
  private static final String SCRIPT = "/usr/local/bin/hermetic-dockerd";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Logger LOG = LoggerFactory.getLogger(HermeticDockerEngine.class);

  private final GenericContainer<?> container;
  private final Path socketDir;
  private final Duration startTime;
  private final Set<String> loaded = new HashSet<>();

  private HermeticDockerEngine(GenericContainer<?> container, Path socketDir, Duration startTime) {
    this.container = container;
    this.socketDir = socketDir;
    this.startTime = startTime;
  }

  /** Starts an engine and waits until its API answers. */
  @SuppressWarnings("resource") // closed by close()
  public static HermeticDockerEngine start() {
    long began = System.nanoTime();
    Path socketDir;
    try {
      socketDir = Files.createTempDirectory("kava-docker-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image()))
        .withCreateContainerCmdModifier(cmd -> InnerEngineRights.grant(cmd.getHostConfig()))
        .withLabel("io.kava.hermetic-docker", "true")
        .withTmpFs(Map.of("/var/lib/docker", "rw,exec,suid,dev"))
        .withFileSystemBind(socketDir.toString(), SOCKET_DIR, BindMode.READ_WRITE)
        .withCopyFileToContainer(MountableFile.forClasspathResource("io/kava/testsupport/hermetic-dockerd.sh", 0755), SCRIPT)
        .withCommand(SCRIPT)
        .waitingFor(Wait.forLogMessage(".*API listen on " + SOCKET_DIR + "/docker.sock.*", 1)
            .withStartupTimeout(START_TIMEOUT));
    try {
      container.start();
    } catch (RuntimeException e) {
      container.stop();
      deleteQuietly(socketDir);
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    LOG.info("Started a hermetic Docker engine in {} ms (container {}, {})", took.toMillis(),
        container.getContainerId().substring(0, 12), container.getDockerImageName());
    return new HermeticDockerEngine(container, socketDir, took);
  }

  /** The inner engine's API for docker-java ("unix:///tmp/kava-docker-.../docker.sock"). */
  public String dockerHost() {
    return "unix://" + socketDir.resolve("docker.sock");
  }

  /** The outer engine's id of the container the inner engine runs in. */
  public String containerId() {
    return container.getContainerId();
  }

  /** From start() to the inner engine's API answering. */
  public Duration startTime() {
    return startTime;
  }

  /** Copies images from the outer engine (docker save | docker load); an image already loaded is skipped. */
  public synchronized HermeticDockerEngine loadImages(String... images) {
    DockerClient outer = DockerClientFactory.instance().client();
    for (String image : images) {
      if (loaded.add(image)) {
        OuterImages.load(outer, container, image);
      }
    }
    return this;
  }

  @Override
  public void close() {
    container.stop();
    deleteQuietly(socketDir);
  }

  /** -Dkava.hermetic.image, else the newest image labelled io.kava.image=kava-base, built when there is none. */
  static String image() {
    String configured = System.getProperty(IMAGE_PROPERTY, "");
    if (!configured.isBlank()) {
      return configured;
    }
    return newestBase(DockerClientFactory.instance().client()).orElseGet(HermeticDockerEngine::buildBase);
  }

  private static java.util.Optional<String> newestBase(DockerClient docker) {
    List<Image> images = docker.listImagesCmd().withLabelFilter(Map.of(BASE_LABEL, BASE_LABEL_VALUE)).exec();
    // Only base.sh's own tags: a kava/kava build that failed part way leaves an untagged image
    // ("<none>:<none>") carrying the base's label, which is no name to start.
    return images.stream()
        .filter(i -> baseTag(i.getRepoTags()).isPresent())
        .max(Comparator.comparing(Image::getCreated))
        .flatMap(i -> baseTag(i.getRepoTags()));
  }

  /** The image's kava/kava-base tag, if it has one. */
  static java.util.Optional<String> baseTag(String[] repoTags) {
    return repoTags == null ? java.util.Optional.empty()
        : java.util.Arrays.stream(repoTags).filter(t -> t.startsWith(BASE_REPOSITORY + ":")).findFirst();
  }

  /** deploy/images/kava/base.sh of the checkout the test runs in (once per machine: about a minute). */
  private static synchronized String buildBase() {
    DockerClient docker = DockerClientFactory.instance().client();
    java.util.Optional<String> present = newestBase(docker);
    if (present.isPresent()) {
      return present.get();
    }
    File script = findUp(new File(System.getProperty("user.dir")).getAbsoluteFile(), "deploy/images/kava/base.sh");
    try {
      Process p = new ProcessBuilder("bash", script.getPath()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
        throw new IllegalStateException(script + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
      }
      return out.lines().reduce((a, b) -> b).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building the hermetic engine's image", e);
    }
  }

  static File findUp(File dir, String relative) {
    for (File d = dir; d != null; d = d.getParentFile()) {
      File candidate = new File(d, relative);
      if (candidate.isFile()) {
        return candidate;
      }
    }
    throw new IllegalStateException("No image labelled " + BASE_LABEL + "=" + BASE_LABEL_VALUE + " and no " + relative
        + " above " + dir + " to build one; set -D" + IMAGE_PROPERTY + "=<an image with dockerd>");
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder: nothing else relies on it
    }
  }
}
