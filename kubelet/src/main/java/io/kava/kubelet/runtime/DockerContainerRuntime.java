package io.kava.kubelet.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@link ContainerRuntime} on a Docker engine through docker-java. */
public final class DockerContainerRuntime implements ContainerRuntime, ContainerStreams {
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
  private static final int MAX_EXEC_OUTPUT = 10 * 1024;
  /** A stats read without streaming waits for the engine's second reading, about one to two seconds. */
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(5);
  /**
   * The engine connections stats reads may hold at once. They have a client of their own: with a hundred
   * running containers, one stats pass took every connection of the shared pool while the engine was slow,
   * and pod starts, stops and lists then waited minutes for one (the whole node stalled).
   */
  public static final int STATS_CONNECTIONS = 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker;
  private final DockerClient statsDocker;
  private final ContainerStreams streams;

  public DockerContainerRuntime(DockerClient docker) {
    this(docker, docker, "unix:///var/run/docker.sock");
  }

  /**
   * dockerHost is where exec and attach with stdin open their own connection (see DockerHijack);
   * statsDocker serves the stats reads only.
   */
  public DockerContainerRuntime(DockerClient docker, DockerClient statsDocker, String dockerHost) {
    this.docker = docker;
    this.statsDocker = statsDocker;
    this.streams = new DockerStreams(docker, dockerHost);
  }

  /** Connects to an engine at "unix:///var/run/docker.sock" or "tcp://127.0.0.1:2375". */
  public static DockerContainerRuntime connect(String dockerHost) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost).build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(URI.create(dockerHost))
        .maxConnections(100)
        .connectionTimeout(Duration.ofSeconds(5))
        // A stop waits up to the pod's grace period (30 s by default, more if the pod asks).
        .responseTimeout(Duration.ofMinutes(15))
        .build();
    ApacheDockerHttpClient statsHttp = new ApacheDockerHttpClient.Builder()
        .dockerHost(URI.create(dockerHost))
        .maxConnections(STATS_CONNECTIONS)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(30))
        .build();
    return new DockerContainerRuntime(DockerClientImpl.getInstance(config, http),
        DockerClientImpl.getInstance(config, statsHttp), dockerHost);
  }

  @Override
  public String version() {
    return "docker://" + call("get the version", () -> docker.versionCmd().exec().getVersion());
  }

  @Override
  public Optional<String> imageId(String image) {
    return call("inspect image " + image, () -> {
      try {
        return Optional.of(docker.inspectImageCmd(image).exec().getId());
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public String imageUser(String image) {
    return call("inspect image " + image, () -> {
      try {
        var config = docker.inspectImageCmd(image).exec().getConfig();
        return config == null || config.getUser() == null ? "" : config.getUser();
      } catch (NotFoundException e) {
        return "";
      }
    });
  }

  @Override
  public void pullImage(String image) throws ImagePullException {
    ImageReference ref = ImageReference.parse(image);
    try {
      // The engine's "tag" parameter also takes a digest.
      var pull = docker.pullImageCmd(ref.repository()).withTag(ref.tag());
      if (!pull.exec(new PullImageResultCallback()).awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new ImagePullException("pull of " + image + " timed out after " + PULL_TIMEOUT.toMinutes() + "m", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImagePullException("pull of " + image + " was interrupted", e);
    } catch (RuntimeException e) {
      throw new ImagePullException(messageOf(e), e);
    }
  }

  @Override
  public List<ContainerSummary> listContainers(Map<String, String> labels) {
    List<Container> containers = call("list containers",
        () -> docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
    List<ContainerSummary> result = new ArrayList<>(containers.size());
    for (Container c : containers) {
      String name = c.getNames() == null || c.getNames().length == 0 ? "" : stripSlash(c.getNames()[0]);
      result.add(new ContainerSummary(c.getId(), name, c.getLabels() == null ? Map.of() : c.getLabels(),
          ContainerState.fromDocker(c.getState())));
    }
    return result;
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String id) {
    return call("inspect container " + id, () -> {
      try {
        return Optional.of(toInfo(docker.inspectContainerCmd(id).exec()));
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public long pid(String id) {
    return call("inspect container " + id, () -> {
      try {
        var state = docker.inspectContainerCmd(id).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) && state.getPidLong() != null ? state.getPidLong() : 0L;
      } catch (NotFoundException e) {
        return 0L;
      }
    });
  }

  @Override
  public Optional<UsageSample> stats(String id) {
    return call("read the stats of container " + id, () -> {
      java.util.concurrent.atomic.AtomicReference<Statistics> last = new java.util.concurrent.atomic.AtomicReference<>();
      ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Statistics s) {
          last.set(s);
        }
      };
      try (callback) {
        statsDocker.statsCmd(id).withNoStream(true).exec(callback).awaitCompletion(STATS_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (NotFoundException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } catch (java.io.IOException e) {
        // closing the finished stream failed: the reading is still valid
      }
      return last.get() == null ? Optional.<UsageSample>empty() : DockerStats.toSample(last.get());
    });
  }

  @Override
  public String createContainer(ContainerConfig config) throws ContainerCreateException {
    HostConfig host;
    try {
      host = hostConfig(config);
    } catch (IllegalArgumentException e) {
      throw new ContainerCreateException(e.getMessage(), e);
    }
    ContainerConfig.Security security = config.security();
    List<ExposedPort> exposed = exposedPorts(config);
    try {
      CreateContainerCmd create = docker.createContainerCmd(config.image())
          .withName(config.name())
          .withLabels(config.labels())
          .withEnv(config.env())
          .withHostConfig(host);
      if (!config.entrypoint().isEmpty()) {
        create.withEntrypoint(config.entrypoint());
      }
      if (!config.cmd().isEmpty()) {
        create.withCmd(config.cmd());
      }
      if (config.workingDir() != null && !config.workingDir().isEmpty()) {
        create.withWorkingDir(config.workingDir());
      }
      if (!security.user().isEmpty()) {
        create.withUser(security.user());
      }
      if (config.hostname() != null && !config.hostname().isEmpty()) {
        create.withHostName(config.hostname());
      }
      if (!exposed.isEmpty()) {
        create.withExposedPorts(exposed);
      }
      if (config.stdio().stdin()) {
        create.withStdinOpen(true).withStdInOnce(config.stdio().stdinOnce()).withAttachStdin(true);
      }
      if (config.stdio().tty()) {
        create.withTty(true);
      }
      return create.exec().getId();
    } catch (DockerException e) {
      throw new ContainerCreateException(messageOf(e), e);
    } catch (RuntimeException e) {
      throw unavailable("create container " + config.name(), e);
    }
  }

  /**
   * Docker's HostConfig for the container: network mode, cgroup settings, security, binds and published
   * ports. An unknown capability is an IllegalArgumentException.
   */
  static HostConfig hostConfig(ContainerConfig config) {
    HostConfig host = HostConfig.newHostConfig();
    if (config.networkMode() != null) {
      host.withNetworkMode(config.networkMode());
    }
    resources(host, config.resources());
    security(host, config.security());
    if (!config.mounts().isEmpty()) {
      List<Bind> binds = new ArrayList<>();
      for (ContainerConfig.Mount m : config.mounts()) {
        binds.add(new Bind(m.hostPath(), new Volume(m.containerPath()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
      }
      host.withBinds(binds);
    }
    Ports bindings = new Ports();
    for (ContainerConfig.PortMapping p : config.portMappings()) {
      bindings.bind(exposedPort(p), Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
    }
    if (!config.portMappings().isEmpty()) {
      host.withPortBindings(bindings);
    }
    return host;
  }

  private static List<ExposedPort> exposedPorts(ContainerConfig config) {
    return config.portMappings().stream().map(DockerContainerRuntime::exposedPort).toList();
  }

  private static ExposedPort exposedPort(ContainerConfig.PortMapping p) {
    return new ExposedPort(p.containerPort(),
        InternetProtocol.parse(p.protocol() == null || p.protocol().isEmpty() ? "tcp" : p.protocol().toLowerCase(Locale.ROOT)));
  }

  /**
   * Cgroup settings; MemorySwap equal to Memory, so a container over its limit is OOM-killed rather than
   * swapped. PidsLimit only when positive: Docker reads 0 and -1 as no limit, as upstream's -1.
   */
  private static void resources(HostConfig host, ContainerConfig.Resources r) {
    if (r.pidsLimit() > 0) {
      host.withPidsLimit(r.pidsLimit());
    }
    if (r.cpuShares() > 0) {
      host.withCpuShares((int) r.cpuShares());
    }
    if (r.cpuQuota() > 0) {
      host.withCpuQuota(r.cpuQuota()).withCpuPeriod(r.cpuPeriod());
    }
    if (r.memoryBytes() > 0) {
      host.withMemory(r.memoryBytes()).withMemorySwap(r.memoryBytes());
    }
  }

  private static void security(HostConfig host, ContainerConfig.Security s) {
    if (!s.groupAdd().isEmpty()) {
      host.withGroupAdd(s.groupAdd());
    }
    if (s.readOnlyRootfs()) {
      host.withReadonlyRootfs(true);
    }
    if (s.privileged()) {
      host.withPrivileged(true);
    }
    if (!s.capAdd().isEmpty()) {
      host.withCapAdd(capabilities(s.capAdd()));
    }
    if (!s.capDrop().isEmpty()) {
      host.withCapDrop(capabilities(s.capDrop()));
    }
    if (!s.securityOpts().isEmpty()) {
      host.withSecurityOpts(s.securityOpts());
    }
    if (!s.sysctls().isEmpty()) {
      host.withSysctls(s.sysctls());
    }
  }

  /** Names as a pod writes them ("NET_ADMIN", "CAP_NET_ADMIN", "ALL"); an unknown one fails the create, as with containerd. */
  static Capability[] capabilities(List<String> names) {
    Capability[] result = new Capability[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).toUpperCase(Locale.ROOT);
      if (name.startsWith("CAP_")) {
        name = name.substring(4);
      }
      try {
        result[i] = Capability.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown capability \"" + names.get(i) + "\"", e);
      }
    }
    return result;
  }

  @Override
  public void startContainer(String id) throws ContainerStartException {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already running
    } catch (DockerException e) {
      throw new ContainerStartException(messageOf(e), e);
    } catch (RuntimeException e) {
      throw unavailable("start container " + id, e);
    }
  }

  @Override
  public void stopContainer(String id, Duration gracePeriod) {
    call("stop container " + id, () -> {
      try {
        docker.stopContainerCmd(id).withTimeout((int) Math.max(0, gracePeriod.toSeconds())).exec();
      } catch (NotModifiedException | NotFoundException e) {
        // already stopped or gone
      }
      return null;
    });
  }

  @Override
  public void removeContainer(String id) {
    call("remove container " + id, () -> {
      try {
        docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException e) {
        // already gone
      } catch (com.github.dockerjava.api.exception.ConflictException e) {
        // "removal already in progress": someone else is removing it
        if (!messageOf(e).contains("already in progress")) {
          throw e;
        }
      }
      return null;
    });
  }

  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    return call("exec in container " + id, () -> {
      String execId = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new))
          .withAttachStdout(true).withAttachStderr(true).exec().getId();
      StringBuilder output = new StringBuilder();
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          synchronized (output) {
            if (output.length() < MAX_EXEC_OUTPUT) {
              output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        }
      };
      try (callback) {
        boolean finished = docker.execStartCmd(execId).exec(callback)
            .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          return new ExecResult(-1, output.toString(), true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ExecResult(-1, output.toString(), true);
      } catch (java.io.IOException e) {
        // closing the finished stream failed: the result is still valid
      }
      Long exitCode = docker.inspectExecCmd(execId).exec().getExitCodeLong();
      synchronized (output) {
        return new ExecResult(exitCode == null ? -1 : exitCode.intValue(), output.toString(), false);
      }
    });
  }

  @Override
  public void logs(String containerId, LogOptions options, java.io.OutputStream out) throws java.io.IOException {
    streams.logs(containerId, options, out);
  }

  @Override
  public StreamSession exec(String containerId, List<String> command, Stdio stdio) {
    return call("exec in container " + containerId, () -> streams.exec(containerId, command, stdio));
  }

  @Override
  public StreamSession attach(String containerId, Stdio stdio) {
    return call("attach to container " + containerId, () -> streams.attach(containerId, stdio));
  }

  @Override
  public void close() {
    for (DockerClient client : statsDocker == docker ? List.of(docker) : List.of(docker, statsDocker)) {
      try {
        client.close();
      } catch (java.io.IOException e) {
        // nothing left to release
      }
    }
  }

  private static ContainerInfo toInfo(InspectContainerResponse c) {
    InspectContainerResponse.ContainerState s = c.getState();
    Long exit = s == null ? null : s.getExitCodeLong();
    return new ContainerInfo(
        c.getId(),
        stripSlash(c.getName()),
        c.getConfig() == null || c.getConfig().getImage() == null ? "" : c.getConfig().getImage(),
        c.getImageId() == null ? "" : c.getImageId(),
        c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels(),
        s == null ? ContainerState.UNKNOWN : ContainerState.fromDocker(s.getStatus()),
        exit == null ? 0 : exit.intValue(),
        s != null && Boolean.TRUE.equals(s.getOOMKilled()),
        s == null || s.getError() == null ? "" : s.getError(),
        time(c.getCreated()),
        s == null ? null : time(s.getStartedAt()),
        s == null ? null : time(s.getFinishedAt()),
        ipAddress(c));
  }

  private static String ipAddress(InspectContainerResponse c) {
    if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
      return "";
    }
    for (ContainerNetwork network : c.getNetworkSettings().getNetworks().values()) {
      if (network.getIpAddress() != null && !network.getIpAddress().isEmpty()) {
        return network.getIpAddress();
      }
    }
    return "";
  }

  /** Docker writes "0001-01-01T00:00:00Z" for times that have not happened. */
  static Instant time(String text) {
    if (text == null || text.isEmpty() || text.startsWith("0001-")) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String stripSlash(String name) {
    return name != null && name.startsWith("/") ? name.substring(1) : name == null ? "" : name;
  }

  /** Docker's own message, without docker-java's "Status 500: {"message":...}" wrapping. */
  static String messageOf(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int brace = m.indexOf('{');
    if (brace >= 0) {
      try {
        JsonNode body = JSON.readTree(m.substring(brace));
        if (body.hasNonNull("message")) {
          return body.get("message").asText().strip();
        }
      } catch (JsonProcessingException notJson) {
        // keep the whole text
      }
    }
    return m.strip();
  }

  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw unavailable(what, e);
    }
  }

  private static RuntimeUnavailableException unavailable(String what, RuntimeException e) {
    if (e instanceof RuntimeUnavailableException r) {
      return r;
    }
    return new RuntimeUnavailableException("Docker failed to " + what + ": " + messageOf(e), e);
  }
}
