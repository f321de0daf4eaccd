package io.kava.testcontainers;

import com.github.dockerjava.api.model.ContainerNetwork;
import io.kava.api.core.v1.Node;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;
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
 *
 * <p>{@link #withNodes(int) withNodes(n)} makes a cluster of n nodes, one container per node on a Docker
 * network of its own, as kind does: this container is the server (the control plane and node
 * {@code kava-node-1}), the others are agents ({@code kava-node-2}, ...) that join it through the real join
 * path (a bootstrap token, the kubelet's client certificate through a CSR). Pods get addresses of their
 * node's podCIDR and reach the other nodes' pods through routes over that network.
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

  /** Node names: up.sh's first node, then the agents in order (kava-node-2, ...). */
  static final String NODE_PREFIX = "kava-node-";
  /** How the join token {@code kavactl token create} prints looks (k3s's form: K10&lt;CA hash&gt;::id.secret). */
  private static final Pattern JOIN_TOKEN = Pattern.compile("K10[0-9a-f]{64}::[a-z0-9]{6}\\.[a-z0-9]{16}");
  /** After every agent said its node is Ready, the server's view must agree within this. */
  private static final Duration NODES_READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Logger log = LoggerFactory.getLogger(KavaContainer.class);
  private static final AtomicInteger UPLOADS = new AtomicInteger();

  private KavaClient client;
  private int nodes = 1;
  /** The network start() made for the nodes (withNodes(n > 1)); start() makes a new one each time. */
  private Network ownNetwork;
  private final List<GenericContainer<?>> agents = new ArrayList<>();

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

  /**
   * A cluster of {@code nodes} nodes (default 1): this container runs the control plane and the first
   * node; {@link #start()} adds {@code nodes - 1} agent containers of the same image, joined through a
   * bootstrap token, and returns once every Node is Ready. {@link #stop()} removes them all and their network.
   *
   * @throws IllegalArgumentException when nodes is less than 1
   */
  public KavaContainer withNodes(int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
    }
    if (isRunning()) {
      throw new IllegalStateException("withNodes(" + nodes + ") on a running cluster: stop it first");
    }
    this.nodes = nodes;
    return self();
  }

  /** How many nodes start() makes (withNodes). */
  public int getNodes() {
    return nodes;
  }

  /** The Node names, server first: kava-node-1 .. kava-node-n. */
  public List<String> getNodeNames() {
    return IntStream.rangeClosed(1, nodes).mapToObj(KavaContainer::nodeName).toList();
  }

  static String nodeName(int index) {
    return NODE_PREFIX + index;
  }

  /** The agent containers (kava-node-2, ...) while the cluster runs; empty for one node. */
  public List<GenericContainer<?>> getAgents() {
    return List.copyOf(agents);
  }

  @Override
  protected void configure() {
    KavaImage.requirePresent(getDockerClient(), getDockerImageName());
    // The serving certificate must name the host tests connect to (localhost, or a remote engine's host).
    withEnv("KAVA_TLS_SAN", getHost());
    if (nodes > 1) {
      // A network the user gave is kept (and not removed); else one of the cluster's own, new each start.
      if (getNetwork() == null || getNetwork() == ownNetwork) {
        ownNetwork = Network.newNetwork();
        withNetwork(ownNetwork);
      }
      if (!getNetworkAliases().contains(nodeName(1))) {
        withNetworkAliases(nodeName(1));
      }
      withEnv("KAVA_ROLE", "server");
    } else {
      if (ownNetwork != null && getNetwork() == ownNetwork) {
        setNetwork(null); // a cluster of several before, one now
      }
      withEnv("KAVA_ROLE", "single"); // the entrypoint's default: the whole cluster in this container
    }
  }

  /** Starts the server (one node: the whole cluster, as ever), then the agents of withNodes. */
  @Override
  public void start() {
    if (nodes == 1) {
      super.start();
      return;
    }
    Instant begin = Instant.now();
    try {
      super.start();
      startAgents();
      waitForReadyNodes();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    log.info("Started a Kava cluster of {} nodes ({}) in {}s", nodes, String.join(", ", getNodeNames()),
        Duration.between(begin, Instant.now()).toSeconds());
  }

  private void startAgents() {
    String token = joinToken(kavactlOrThrow("token", "create", "--description", "KavaContainer nodes"));
    String server = "https://" + addressOnClusterNetwork() + ":" + API_PORT;
    for (int i = 2; i <= nodes; i++) {
      agents.add(agent(nodeName(i), server, token));
    }
    try {
      Startables.deepStart(agents).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** An agent container: the same image and rights, KAVA_ROLE=agent, joining server with token. */
  private GenericContainer<?> agent(String name, String server, String token) {
    GenericContainer<?> agent = new GenericContainer<>(DockerImageName.parse(getDockerImageName()));
    agent.withNetwork(getNetwork())
        .withNetworkAliases(name)
        .withCreateContainerCmdModifier(cmd -> {
          InnerEngineRights.grant(cmd.getHostConfig());
          cmd.withHostName(name);
        })
        .withEnv("KAVA_ROLE", "agent")
        .withEnv("KAVA_SERVER", server)
        .withEnv("KAVA_TOKEN", token)
        .withEnv("KAVA_NODE_NAME", name)
        .withEnv("KAVA_READY_TIMEOUT", String.valueOf(DEFAULT_STARTUP_TIMEOUT.toSeconds() - 30))
        .waitingFor(new ReadyLogOrExit(READY_LOG).withStartupTimeout(DEFAULT_STARTUP_TIMEOUT));
    return agent;
  }

  /** The join token in what {@code kavactl token create} printed. */
  static String joinToken(String kavactlOutput) {
    Matcher m = JOIN_TOKEN.matcher(kavactlOutput);
    if (!m.find()) {
      throw new KavaException("kavactl token create printed no join token: " + kavactlOutput.strip());
    }
    return m.group();
  }

  /** This container's address on the nodes' network, where the agents reach the API server. */
  private String addressOnClusterNetwork() {
    String id = getNetwork().getId();
    return getContainerInfo().getNetworkSettings().getNetworks().values().stream()
        .filter(n -> id.equals(n.getNetworkID()))
        .map(ContainerNetwork::getIpAddress)
        .findFirst()
        .orElseThrow(() -> new KavaException("The server container has no address on network " + id));
  }

  /** Every agent said its node is Ready as its own kubelet sees it; this waits for the server to agree. */
  private void waitForReadyNodes() {
    Instant deadline = Instant.now().plus(NODES_READY_TIMEOUT);
    List<String> ready = List.of();
    while (Instant.now().isBefore(deadline)) {
      ready = client().resource(Node.class).list(ListOptions.all()).items().stream()
          .filter(KavaContainer::isReady)
          .map(n -> n.getMetadata().getName())
          .toList();
      if (ready.containsAll(getNodeNames())) {
        return;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KavaException("Interrupted while waiting for the Kava nodes");
      }
    }
    throw new KavaException("Not every node was Ready after " + NODES_READY_TIMEOUT.toSeconds() + "s: Ready were "
        + ready + " of " + getNodeNames());
  }

  private static boolean isReady(Node node) {
    return node.getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
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
   * {@code docker load} here, as {@code kind load docker-image}), so pods can run it without a registry;
   * with several nodes into every node's engine.
   */
  public KavaContainer loadImage(String image) {
    List<GenericContainer<?>> into = new ArrayList<>();
    into.add(this);
    into.addAll(agents);
    try {
      OuterImages.load(getDockerClient(), into, image);
    } catch (IllegalStateException e) {
      throw new KavaException(e.getMessage().replace("the inner engine", "the cluster"));
    }
    return self();
  }

  /** Removes the agents, then this container, then the nodes' network: nothing is left. */
  @Override
  public void stop() {
    synchronized (this) {
      if (client != null) {
        client.close();
        client = null;
      }
    }
    RuntimeException failure = null;
    for (GenericContainer<?> agent : agents) {
      try {
        agent.stop();
      } catch (RuntimeException e) {
        failure = e; // the others and the server still go
      }
    }
    agents.clear();
    super.stop();
    if (ownNetwork != null && getNetwork() == ownNetwork) {
      ownNetwork.close();
    }
    if (failure != null) {
      throw failure;
    }
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
