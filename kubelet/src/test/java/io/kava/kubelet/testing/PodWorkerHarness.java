package io.kava.kubelet.testing;

import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.pod.ConfigLookup;
import io.kava.kubelet.pod.ContainerFactory;
import io.kava.kubelet.pod.EnvResolver;
import io.kava.kubelet.pod.ImagePuller;
import io.kava.kubelet.pod.PodSyncContext;
import io.kava.kubelet.pod.PodWorker;
import io.kava.kubelet.probe.ProbeManager;
import io.kava.kubelet.probe.Prober;
import io.kava.kubelet.runtime.ContainerInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A pod worker wired to fakes: a fake engine, a fake API holding the pod, a hand-moved clock. */
public final class PodWorkerHarness implements AutoCloseable {
  public static final String NODE = "node-a";
  public static final String NODE_IP = "127.0.0.11";

  public final MutableClock clock = new MutableClock();
  public final FakeContainerRuntime runtime = new FakeContainerRuntime(clock)
      .withImage(TestPods.IMAGE).withImage("kava/pause:3.9");
  public final RecordingEvents events = new RecordingEvents();
  public final FakePodApi api;
  public final Backoff crashBackoff = Backoff.crashLoop(1.0, clock);
  public final ProbeManager probes;
  public final PodSyncContext ctx;
  private final ExecutorService stopper = Executors.newCachedThreadPool();
  private PodWorker worker;

  public PodWorkerHarness(Pod pod) {
    this(pod, true);
  }

  public PodWorkerHarness(Pod pod, boolean fallbackToLocal) {
    api = new FakePodApi(pod);
    probes = new ProbeManager(new Prober(runtime), events, null, key -> { });
    ctx = new PodSyncContext(NODE, NODE_IP, runtime,
        new ContainerFactory(NODE, NODE_IP, "kava/pause:3.9", new EnvResolver(ConfigLookup.NONE)),
        new ImagePuller(runtime, Backoff.imagePull(1.0, clock), fallbackToLocal, events, clock),
        crashBackoff, probes, api, events, clock, stopper);
    worker = new PodWorker(pod.getMetadata().getUid(), ctx);
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
  }
}
