package io.kava.kubelet.testing;

import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerCreateException;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStartException;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.runtime.ImagePullException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An in-memory container engine for unit tests: containers change state only when the test says so
 * (exit, kill, remove), images exist when the test adds them, and pulls succeed only for images the
 * test put in its "registry".
 */
public final class FakeContainerRuntime implements ContainerRuntime {
  private final Clock clock;
  private final Map<String, Fake> containers = new LinkedHashMap<>();
  private final Map<String, String> images = new HashMap<>();
  private final Set<String> registry = new HashSet<>();
  private final Map<String, String> imageUsers = new HashMap<>();
  private final Map<String, String> logs = new HashMap<>();
  private final Set<String> failingStarts = new HashSet<>();
  private Function<List<String>, ExecResult> execHandler = cmd -> new ExecResult(0, "", false);
  private int nextId = 1;
  private int nextIp = 2;
  public final List<String> pulls = new ArrayList<>();
  public final List<String> stops = new ArrayList<>();
  /** Execs and stops in order: "exec ID CMD...", "stop ID 28s". */
  public final List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Calls that would reach the engine, by method: "list", "inspect", "create", ... */
  private final Map<String, Integer> calls = new java.util.TreeMap<>();

  private static final class Fake {
    ContainerConfig config;
    String id;
    ContainerState state = ContainerState.CREATED;
    int exitCode;
    boolean oomKilled;
    String error = "";
    Instant createdAt;
    Instant startedAt;
    Instant finishedAt;
    String ip = "";
  }

  public FakeContainerRuntime(Clock clock) {
    this.clock = clock;
  }

  public synchronized FakeContainerRuntime withImage(String image) {
    images.put(image, "sha256:" + Integer.toHexString(image.hashCode()));
    return this;
  }

  public synchronized FakeContainerRuntime withRegistryImage(String image) {
    registry.add(image);
    return this;
  }

  /** Starting a container whose first command word is this fails, as a missing executable does. */
  public synchronized FakeContainerRuntime failStartFor(String executable) {
    failingStarts.add(executable);
    return this;
  }

  public synchronized void execHandler(Function<List<String>, ExecResult> handler) {
    this.execHandler = handler;
  }

  // ------------------------------------------------------------- test controls

  /** The container's process ended by itself. */
  public synchronized void exit(String id, int code) {
    Fake f = containers.get(id);
    f.state = ContainerState.EXITED;
    f.exitCode = code;
    f.finishedAt = clock.instant();
  }

  public synchronized void oomKill(String id) {
    exit(id, 137);
    containers.get(id).oomKilled = true;
  }

  /** `docker rm -f` behind the kubelet's back. */
  public synchronized void forceRemove(String id) {
    containers.remove(id);
  }

  /** Adds a container as if another kubelet (or anyone) created it. */
  public synchronized String addForeign(Map<String, String> labels, boolean running) {
    Fake f = new Fake();
    f.id = "foreign" + nextId++;
    f.config = new ContainerConfig(f.id, "x", List.of(), List.of(), List.of(), "", labels, null, null, List.of(),
        ContainerConfig.Resources.NONE);
    f.createdAt = clock.instant();
    f.state = running ? ContainerState.RUNNING : ContainerState.EXITED;
    containers.put(f.id, f);
    return f.id;
  }

  /** Every container carrying this io.kava.container.name label, oldest first. */
  public synchronized List<ContainerInfo> named(String containerName) {
    return containers.values().stream()
        .filter(f -> containerName.equals(f.config.labels().get("io.kava.container.name")))
        .map(this::info).toList();
  }

  public synchronized List<ContainerInfo> all() {
    return containers.values().stream().map(this::info).toList();
  }

  public synchronized ContainerConfig config(String id) {
    return containers.get(id).config;
  }

  // ------------------------------------------------------------- ContainerRuntime

  /** Engine calls made since the last {@link #resetCalls()}, by method. */
  public synchronized Map<String, Integer> calls() {
    return Map.copyOf(calls);
  }

  public synchronized int callCount() {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  public synchronized void resetCalls() {
    calls.clear();
  }

  private void called(String method) {
    calls.merge(method, 1, Integer::sum);
  }

  @Override
  public String version() {
    return "fake://1.0";
  }

  @Override
  public synchronized Optional<String> imageId(String image) {
    called("imageId");
    return Optional.ofNullable(images.get(image));
  }

  /** The user an image's config names (none by default: root). */
  public synchronized FakeContainerRuntime withImageUser(String image, String user) {
    imageUsers.put(image, user);
    return this;
  }

  @Override
  public synchronized String imageUser(String image) {
    return imageUsers.getOrDefault(image, "");
  }

  /** What a container "printed" (for FallbackToLogsOnError). */
  public synchronized void log(String id, String text) {
    logs.put(id, text);
  }

  /** The last lines of what the container printed, as Docker's logs --tail. */
  public synchronized String logTail(String id, int lines) {
    List<String> all = List.of(logs.getOrDefault(id, "").split("(?<=\n)"));
    return String.join("", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public synchronized void pullImage(String image) throws ImagePullException {
    called("pull");
    pulls.add(image);
    if (!registry.contains(image)) {
      throw new ImagePullException("Error response from daemon: pull access denied for " + image, null);
    }
    withImage(image);
  }

  @Override
  public synchronized List<ContainerSummary> listContainers(Map<String, String> labels) {
    called("list");
    List<ContainerSummary> result = new ArrayList<>();
    for (Fake f : containers.values()) {
      if (f.config.labels().entrySet().containsAll(labels.entrySet())) {
        result.add(new ContainerSummary(f.id, f.config.name(), f.config.labels(), f.state));
      }
    }
    return result;
  }

  @Override
  public synchronized Optional<ContainerInfo> inspectContainer(String id) {
    called("inspect");
    return Optional.ofNullable(containers.get(id)).map(this::info);
  }

  @Override
  public synchronized String createContainer(ContainerConfig config) throws ContainerCreateException {
    called("create");
    if (!images.containsKey(config.image())) {
      throw new ContainerCreateException("No such image: " + config.image(), null);
    }
    for (Fake f : containers.values()) {
      if (f.config.name().equals(config.name())) {
        throw new ContainerCreateException("Conflict. The container name \"/" + config.name() + "\" is already in use",
            null);
      }
    }
    Fake f = new Fake();
    f.id = String.format("c%063d", nextId++);
    f.config = config;
    f.createdAt = clock.instant();
    containers.put(f.id, f);
    return f.id;
  }

  @Override
  public synchronized void startContainer(String id) throws ContainerStartException {
    called("start");
    Fake f = containers.get(id);
    if (f == null) {
      throw new ContainerStartException("No such container: " + id, null);
    }
    f.startedAt = clock.instant();
    if (!f.config.entrypoint().isEmpty() && failingStarts.contains(f.config.entrypoint().get(0))) {
      f.state = ContainerState.EXITED;
      f.exitCode = 127;
      f.error = "exec: \"" + f.config.entrypoint().get(0) + "\": executable file not found in $PATH";
      f.finishedAt = clock.instant();
      throw new ContainerStartException(f.error, null);
    }
    f.state = ContainerState.RUNNING;
    f.finishedAt = null;
    if (f.config.networkMode() == null) {
      f.ip = "172.17.0." + nextIp++;
    }
  }

  /** A made-up pid for a running container (the CNI runtime's tests), 0 otherwise. */
  @Override
  public synchronized long pid(String id) {
    Fake f = containers.get(id);
    return f != null && f.state == ContainerState.RUNNING ? 1000 + Math.abs(id.hashCode() % 1000) : 0;
  }

  @Override
  public synchronized void stopContainer(String id, Duration gracePeriod) {
    called("stop");
    Fake f = containers.get(id);
    if (f != null && f.state == ContainerState.RUNNING) {
      stops.add(id);
      operations.add("stop " + id + " " + gracePeriod.toSeconds() + "s");
      exit(id, 143);
    }
  }

  @Override
  public synchronized void removeContainer(String id) {
    called("remove");
    containers.remove(id);
  }

  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    Function<List<String>, ExecResult> handler;
    synchronized (this) {
      called("exec");
      operations.add("exec " + id + " " + String.join(" ", command));
      handler = execHandler;
    }
    return handler.apply(command);
  }

  private final Map<String, io.kava.kubelet.runtime.UsageSample> usage = new java.util.HashMap<>();

  /** What {@link #stats} reads for a container from now on. */
  public synchronized void usage(String id, io.kava.kubelet.runtime.UsageSample sample) {
    usage.put(id, sample);
  }

  @Override
  public synchronized Optional<io.kava.kubelet.runtime.UsageSample> stats(String id) {
    return Optional.ofNullable(usage.get(id));
  }

  @Override
  public void close() {}

  private ContainerInfo info(Fake f) {
    return new ContainerInfo(f.id, f.config.name(), f.config.image(), images.getOrDefault(f.config.image(), ""),
        f.config.labels(), f.state, f.exitCode, f.oomKilled, f.error, f.createdAt, f.startedAt, f.finishedAt,
        f.state == ContainerState.RUNNING ? f.ip : "");
  }
}
