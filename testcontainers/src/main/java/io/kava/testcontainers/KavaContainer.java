package io.kava.testcontainers;

import io.kava.client.KavaClient;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import io.kava.testsupport.InnerEngineRights;
import io.kava.testsupport.OuterImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A whole single-node Kava cluster (etcd, the control plane, a kubelet on a Docker engine of its own,
 * kube-proxy, DNS; TLS and RBAC on) in one privileged container of the image {@code kava/kava}, as
 * Testcontainers' K3sContainer runs k3s. {@link #start()} returns once the node is Ready.
 *
 * <pre>{@code
 * try (KavaContainer kava = new KavaContainer()) {
 *   kava.start();
 *   kava.apply(Path.of("deployment.yaml"));
 *   KavaClient client = kava.client();
 * }
 * }</pre>
 *
 * <p>Images a test's pods use must be in the container's own engine: {@link #loadImage(String)} copies one
 * from the outer engine (as {@code kind load docker-image}); kava/pause, busybox and the nginx stand-in
 * kava/demo are there from the start. {@link #stop()} (or {@code close()}) removes the container, and with it
 * everything the cluster made; nothing is left behind without Ryuk.
 */
public class KavaContainer extends GenericContainer<KavaContainer> {
  /** The API server's port inside the container. */
  public static final int API_PORT = 6443;
  /** What the entrypoint prints once the node is Ready. */
  static final String READY_LOG = "Kava is ready";
  static final String ADMIN_KUBECONFIG = "/var/lib/kava/admin.kubeconfig";
  /** The server the admin kubeconfig names inside the container. */
  static final String INNER_SERVER = "https://127.0.0.1:" + API_PORT;
  /** Generous: on a loaded 2-core machine six JVMs starting one after another took over 4 minutes. */
  static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(8);

  private static final AtomicInteger UPLOADS = new AtomicInteger();

  private KavaClient client;

  /** The image this build of the module was made for: {@link KavaImage#DEFAULT}. */
  public KavaContainer() {
    this(KavaImage.DEFAULT);
  }

  public KavaContainer(String image) {
    this(DockerImageName.parse(image));
  }

  public KavaContainer(DockerImageName image) {
    super(image);
    withExposedPorts(API_PORT);
    withCreateContainerCmdModifier(cmd -> InnerEngineRights.grant(cmd.getHostConfig()));
    withEnv("KAVA_READY_TIMEOUT", String.valueOf(DEFAULT_STARTUP_TIMEOUT.toSeconds() - 30));
    waitingFor(new ReadyLogOrExit(READY_LOG).withStartupTimeout(DEFAULT_STARTUP_TIMEOUT));
  }

  @Override
  protected void configure() {
    KavaImage.requirePresent(getDockerClient(), getDockerImageName());
    // The serving certificate must name the host tests connect to (localhost, or a remote engine's host).
    withEnv("KAVA_TLS_SAN", getHost());
  }

  /** The admin kubeconfig (kubernetes-admin, system:masters), naming the API server at its mapped port. */
  public String getKubeConfigYaml() {
    String inner = copyFileFromContainer(ADMIN_KUBECONFIG, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    return forServer(inner, apiServer());
  }

  /** The kubeconfig from inside the container, naming "host:port" instead of the in-container address. */
  static String forServer(String innerKubeconfig, String hostPort) {
    if (!innerKubeconfig.contains("server: " + INNER_SERVER + "\n")) {
      throw new KavaException("The cluster's kubeconfig does not name " + INNER_SERVER + "; cannot point it at " + hostPort);
    }
    return innerKubeconfig.replace("server: " + INNER_SERVER + "\n", "server: https://" + hostPort + "\n");
  }

  /** The same text as {@link #getKubeConfigYaml()}: the file kavactl or kubectl on the host needs. */
  public String config() {
    return getKubeConfigYaml();
  }

  /** "host:port" of the API server as the test JVM reaches it. */
  public String apiServer() {
    return getHost() + ":" + getMappedPort(API_PORT);
  }

  /** A client connected as the cluster admin; the container closes it when it stops. */
  public synchronized KavaClient client() {
    if (client == null) {
      ClientConfig config = KubeConfigLoader.parse(getKubeConfigYaml(), null, null);
      client = KavaClient.connect(config);
    }
    return client;
  }

  /**
   * Applies a manifest (one or more YAML documents) with {@code kavactl apply -f} inside the container.
   *
   * @return kavactl's output ("deployment.apps/web created", ...)
   * @throws KavaException with kavactl's error (the API server's field errors) when it fails
   */
  public String apply(String yaml) {
    String path = "/tmp/kava-apply-" + UPLOADS.incrementAndGet() + ".yaml";
    copyFileToContainer(Transferable.of(yaml), path);
    try {
      return kavactlOrThrow("apply", "-f", path);
    } finally {
      execQuietly("rm", "-f", path);
    }
  }

  public String apply(Path manifest) {
    try {
      return apply(Files.readString(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs kavactl inside the container as the cluster admin; never throws for a non-zero exit. */
  public KavactlResult kavactl(String... args) {
    List<String> command = new ArrayList<>(List.of("kavactl"));
    command.addAll(List.of(args));
    try {
      Container.ExecResult result = execInContainer(command.toArray(String[]::new));
      return new KavactlResult(result.getExitCode(), result.getStdout(), result.getStderr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KavaException("Interrupted while running kavactl " + String.join(" ", args));
    }
  }

  /** kavactl's standard output; a {@link KavaException} with its error when it exits non-zero. */
  public String kavactlOrThrow(String... args) {
    KavactlResult result = kavactl(args);
    if (result.exitCode() != 0) {
      throw new KavaException("kavactl " + String.join(" ", args) + " failed (exit " + result.exitCode() + "): "
          + result.output().strip());
    }
    return result.stdout();
  }

  /**
   * Copies an image of the outer Docker engine into the cluster's engine ({@code docker save} there,
   * {@code docker load} here, as {@code kind load docker-image}), so pods can run it without a registry.
   */
  public KavaContainer loadImage(String image) {
    try {
      OuterImages.load(getDockerClient(), this, image);
    } catch (IllegalStateException e) {
      throw new KavaException(e.getMessage().replace("the inner engine", "the cluster"));
    }
    return self();
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (client != null) {
        client.close();
        client = null;
      }
    }
    super.stop();
  }

  private void execQuietly(String... command) {
    try {
      execInContainer(command);
    } catch (IOException e) {
      // best effort: a temp file inside a container that goes away with it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
