package io.kava.kubelet.testing;

import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.client.testing.MutableClock;
import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.dns.PodResolvConf;
import io.kava.kubelet.dns.ResolvConfFiles;
import io.kava.kubelet.lifecycle.HookRunner;
import io.kava.kubelet.pod.ContainerFactory;
import io.kava.kubelet.pod.EnvResolver;
import io.kava.kubelet.pod.ImagePuller;
import io.kava.kubelet.pod.PodSyncContext;
import io.kava.kubelet.pod.PodWorker;
import io.kava.kubelet.pod.VolumeManager;
import io.kava.kubelet.probe.ProbeManager;
import io.kava.kubelet.probe.Prober;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A pod worker wired to fakes: a fake engine, a fake API holding the pod, a hand-moved clock. */
public final class PodWorkerHarness implements AutoCloseable {
  public static final String NODE = "node-a";
  public static final String NODE_IP = "127.0.0.11";
  public static final String CLUSTER_DNS = "10.96.0.10";

  public final MutableClock clock;
  public final FakeContainerRuntime runtime;
  public final RecordingEvents events = new RecordingEvents();
  public final FakePodApi api;
  public final Backoff crashBackoff;
  public final ProbeManager probes;
  public final MapConfigLookup configs = new MapConfigLookup();
  /** The cluster's Services as the kubelet's lister would hold them. */
  public final java.util.List<io.kava.api.core.v1.Service> services = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Every hook sleep, in order (the fake engine's sleeps take no time). */
  public final java.util.List<Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The host's resolv.conf the kubelet reads (--resolv-conf). */
  public final java.nio.file.Path hostResolvConf;
  public final java.nio.file.Path rootDir;
  public final PodSyncContext ctx;
  private final ExecutorService stopper = Executors.newCachedThreadPool();
  private final java.util.concurrent.ScheduledExecutorService probeThreads;
  private PodWorker worker;

  /** On the fake engine, with a hand-moved clock and probes run only by {@link ProbeManager#probeAllNow}. */
  public PodWorkerHarness(Pod pod) {
    this(pod, new MutableClock());
  }

  private PodWorkerHarness(Pod pod, MutableClock clock) {
    this(pod, new FakeContainerRuntime(clock).withImage(TestPods.IMAGE).withImage("kava/pause:3.9"), clock,
        clock, 1.0, NODE, NODE_IP, false, -1);
  }

  /** On any engine (real Docker in integration tests), with real time and scheduled probes. */
  public static PodWorkerHarness onRuntime(Pod pod, ContainerRuntime runtime, String node, String nodeIp,
      double backoffScale) {
    return onRuntime(pod, runtime, node, nodeIp, backoffScale, -1);
  }

  /** The same with the kubelet's --pod-max-pids. */
  public static PodWorkerHarness onRuntime(Pod pod, ContainerRuntime runtime, String node, String nodeIp,
      double backoffScale, long podPidsLimit) {
    return new PodWorkerHarness(pod, runtime, null, java.time.Clock.systemUTC(), backoffScale, node, nodeIp, true,
        podPidsLimit);
  }

  private PodWorkerHarness(Pod pod, ContainerRuntime engine, MutableClock manual, java.time.Clock clock,
      double backoffScale, String node, String nodeIp, boolean scheduledProbes, long podPidsLimit) {
    this.clock = manual;
    this.runtime = engine instanceof FakeContainerRuntime f ? f : null;
    this.api = new FakePodApi(pod);
    this.crashBackoff = Backoff.crashLoop(backoffScale, clock);
    this.probeThreads = scheduledProbes ? Executors.newScheduledThreadPool(2) : null;
    this.probes = new ProbeManager(new Prober(engine), events, probeThreads, key -> { });
    try {
      this.rootDir = java.nio.file.Files.createTempDirectory("kubelet-test-root");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.hostResolvConf = rootDir.resolve("host-resolv.conf");
    try {
      java.nio.file.Files.writeString(hostResolvConf, "nameserver 10.255.255.53\nsearch corp.example\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    VolumeManager volumes = new VolumeManager(rootDir.resolve(node), configs);
    HookRunner.Sleeper sleeper = manual == null ? HookRunner.Sleeper.REAL : d -> {
      sleeps.add(d);
      manual.advance(d);
    };
    this.ctx = new PodSyncContext(node, nodeIp, engine,
        new ContainerFactory(node, nodeIp, "kava/pause:3.9",
            new EnvResolver(configs, () -> java.util.Optional.of(java.util.List.copyOf(services))),
            new io.kava.kubelet.pod.ContainerSecurity(engine::imageUser),
            new io.kava.kubelet.pod.TerminationMessages(volumes::podDir, logTail(engine)), podPidsLimit),
        // Registry pulls only against the fake engine: a real engine would look a registry up off this machine.
        new ImagePuller(engine, Backoff.imagePull(backoffScale, clock), true, runtime != null, events, clock),
        volumes, crashBackoff, probes, api, events, clock, stopper, new HookRunner(engine, sleeper),
        new ResolvConfFiles(new PodResolvConf.Settings(java.util.List.of(CLUSTER_DNS), "cluster.local"),
            hostResolvConf.toString(), volumes::podDir));
    this.worker = new PodWorker(pod.getMetadata().getUid(), ctx);
  }

  /** The fake's logs, or the real engine's (as the kubelet wires it). */
  private static io.kava.kubelet.pod.TerminationMessages.LogTail logTail(ContainerRuntime engine) {
    if (engine instanceof FakeContainerRuntime fake) {
      return fake::logTail;
    }
    return engine instanceof io.kava.kubelet.runtime.ContainerStreams streams
        ? io.kava.kubelet.pod.TerminationMessages.LogTail.of(streams) : io.kava.kubelet.pod.TerminationMessages.LogTail.NONE;
  }

  /** Syncs the pod as the API has it now; returns the requested requeue delay. */
  public Duration sync() {
    return worker.sync(api.pod());
  }

  /** A fresh worker, as after a kubelet restart (no memory, same engine). */
  public void restartKubelet() {
    worker = new PodWorker(api.pod().getMetadata().getUid(), ctx);
  }

  public PodWorker worker() {
    return worker;
  }

  public PodStatus status() {
    return api.lastStatus();
  }

  public ContainerStatus containerStatus(String name) {
    return status().getContainerStatusesList().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow();
  }

  public ContainerStatus initStatus(String name) {
    return status().getInitContainerStatusesList().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow();
  }

  public ContainerInfo latest(String containerName) {
    List<ContainerInfo> all = runtime.named(containerName);
    return all.stream().max(java.util.Comparator.comparingInt(
        c -> Integer.parseInt(c.labels().get("io.kava.restart-count")))).orElseThrow();
  }

  @Override
  public void close() {
    stopper.shutdownNow();
    probes.close();
    if (probeThreads != null) {
      probeThreads.shutdownNow();
    }
    try (var walk = java.nio.file.Files.walk(rootDir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile).forEach(java.io.File::delete);
    } catch (java.io.IOException e) {
      // a temp dir left behind
    }
  }
}
