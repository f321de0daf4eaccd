package io.kava.apiserver.testing;

import io.kava.apiserver.storage.EtcdStorage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real etcd 3.4 in a container (image kava/etcd:3.4.23, built locally on first use), reachable on a
 * free loopback port. Containers carry the label io.kava.test=api-server so only ours are ever removed.
 *
 * <pre>
 * try (EtcdContainer etcd = EtcdContainer.start()) {
 *   ApiServerHarness api = ApiServerHarness.start(etcd);
 * }
 * </pre>
 * {@link #shared()} gives one container for the whole test JVM (tests then use their own namespaces).
 */
public final class EtcdContainer implements AutoCloseable {
  public static final String LABEL = "io.kava.test";
  private static EtcdContainer shared;

  private final GenericContainer<?> container;

  private EtcdContainer(GenericContainer<?> container) {
    this.container = container;
  }

  /** A new single-member etcd, started and ready. */
  @SuppressWarnings("resource")
  public static EtcdContainer start() {
    TestImages.ensureBuilt();
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(TestImages.ETCD))
        .withLabel(LABEL, "api-server")
        .withExposedPorts(2379)
        .withCommand("--quota-backend-bytes=1073741824")
        .waitingFor(Wait.forLogMessage(".*ready to serve client requests.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    c.start();
    return new EtcdContainer(c);
  }

  /** One etcd for every test in this JVM that does not stop, pause or compact it; closed at JVM exit. */
  public static synchronized EtcdContainer shared() {
    if (shared == null) {
      shared = start();
      EtcdContainer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stopContainer));
    }
    return shared;
  }

  /** The client URL from the host: http://127.0.0.1:PORT. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + container.getMappedPort(2379));
  }

  public List<URI> endpoints() {
    return List.of(endpoint());
  }

  /** Direct access to etcd, bypassing the API server (to check what is really stored). Close it. */
  public EtcdStorage storage() {
    return new EtcdStorage(endpoints(), Duration.ofSeconds(5));
  }

  /** Compacts etcd's history at its current revision (older watch revisions become Expired); answers that revision. */
  public long compactNow() {
    try (EtcdStorage s = storage()) {
      long revision = s.currentRevision();
      s.compact(revision);
      return revision;
    }
  }

  /** Freezes etcd (docker pause): connections stay open but nothing answers. */
  public void pause() {
    container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
  }

  public void unpause() {
    container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
  }

  public String containerId() {
    return container.getContainerId();
  }

  private void stopContainer() {
    container.stop();
  }

  @Override
  public void close() {
    if (this != shared) {
      container.stop();
    }
  }
}
