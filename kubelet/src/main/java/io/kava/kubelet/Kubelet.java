package io.kava.kubelet;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.kubelet.api.ApiConfigLookup;
import io.kava.kubelet.api.ApiTokenSource;
import io.kava.kubelet.token.TokenManager;
import io.kava.kubelet.api.ApiPodStatusWriter;
import io.kava.kubelet.api.RecorderPodEvents;
import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.dns.PodResolvConf;
import io.kava.kubelet.dns.ResolvConfFiles;
import io.kava.kubelet.lifecycle.HookRunner;
import io.kava.kubelet.node.NodeLeaseRenewer;
import io.kava.kubelet.node.NodeResources;
import io.kava.kubelet.node.NodeStatusReporter;
import io.kava.kubelet.pod.ContainerEventPoller;
import io.kava.kubelet.pod.ContainerFactory;
import io.kava.kubelet.pod.ContainerSecurity;
import io.kava.kubelet.pod.TerminationMessages;
import io.kava.kubelet.pod.EnvResolver;
import io.kava.kubelet.pod.ImagePuller;
import io.kava.kubelet.pod.OrphanCleaner;
import io.kava.kubelet.pod.PodEvents;
import io.kava.kubelet.pod.PodKiller;
import io.kava.kubelet.pod.PodSyncContext;
import io.kava.kubelet.pod.PodWorkers;
import io.kava.kubelet.pod.ServiceLookup;
import io.kava.kubelet.pod.VolumeManager;
import io.kava.kubelet.probe.ProbeManager;
import io.kava.kubelet.probe.Prober;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStreams;
import io.kava.kubelet.stats.KubeletStatsService;
import io.kava.kubelet.stats.StatsCollector;
import io.kava.kubelet.streaming.StreamingServer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent, wired: an informer on the pods bound to this node feeds a work queue of pod keys;
 * workers run each pod's {@link io.kava.kubelet.pod.PodWorker}. Beside them: the container event
 * poller (fast reaction to exits), probes, orphan cleanup, and the node's status and Lease heartbeats.
 *
 * <p>Closing the kubelet leaves its containers running: a restarted kubelet adopts them.
 */
public final class Kubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Kubelet.class);
  private static final Duration POLL_PERIOD = Duration.ofSeconds(1);
  private static final Duration NETWORK_POLL = Duration.ofMillis(300);
  /** Upstream's token manager gcPeriod. */
  private static final Duration TOKEN_GC_PERIOD = Duration.ofMinutes(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KubeletConfig config;
  private final ContainerRuntime runtime;
  private final SharedInformer<Pod> informer;
  /** Every Service of the cluster, for service environment variables (upstream's serviceLister). */
  private final SharedInformer<Service> services;
  private final WorkQueue queue;
  private final PodWorkers podWorkers;
  private final ProbeManager probes;
  private final EventRecorder recorder;
  private final NodeStatusReporter nodeStatus;
  private final NodeLeaseRenewer lease;
  private final OrphanCleaner orphans;
  private final ApiPodStatusWriter statusWriter;
  private final ContainerEventPoller poller;
  /** The ServiceAccount tokens of projected volumes. */
  private final TokenManager tokens;
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(3, DaemonThreads.named("kubelet-timer"));
  private final ScheduledExecutorService probeThreads = Executors.newScheduledThreadPool(4, DaemonThreads.named("kubelet-probe"));
  private final ExecutorService stopper = Executors.newCachedThreadPool(DaemonThreads.named("kubelet-stop"));
  // As many reads at once as the runtime's stats connections: more would only wait for one.
  private final ExecutorService statsReads = StatsCollector.readers(io.kava.kubelet.runtime.DockerContainerRuntime.STATS_CONNECTIONS);
  private List<Thread> workers = List.of();
  private StreamingServer streaming;
  private final io.kava.kubelet.auth.KubeletServing serving;
  private boolean nodeStatusFailing;
  private boolean leaseFailing;

  public Kubelet(KubeletConfig config, KavaClient client, ContainerRuntime runtime) {
    this(config, client, runtime, Clock.systemUTC());
  }

  public Kubelet(KubeletConfig config, KavaClient client, ContainerRuntime runtime, Clock clock) {
    this(config, client, runtime, clock, io.kava.kubelet.auth.KubeletServing.plaintext());
  }

  /** {@code serving}: TLS and authorization of the kubelet's own API (--tls-cert-file, --authorization-mode). */
  public Kubelet(KubeletConfig config, KavaClient client, ContainerRuntime runtime, Clock clock,
      io.kava.kubelet.auth.KubeletServing serving) {
    this.config = config;
    this.serving = serving;
    this.runtime = runtime;
    String node = config.nodeName();
    this.informer = new SharedInformer<>(client.resource(Pod.class),
        ListOptions.all().withFieldSelector("spec.nodeName=" + node), config.syncPeriod());
    this.queue = new WorkQueue("kubelet", Duration.ofMillis(200), Duration.ofSeconds(30));
    this.recorder = new EventRecorder(client.resource(Event.class), "kubelet", node);
    PodEvents events = new RecorderPodEvents(recorder);
    this.probes = new ProbeManager(new Prober(runtime), events, probeThreads, queue::add);
    this.tokens = new TokenManager(new ApiTokenSource(client), clock);
    ApiConfigLookup configs = new ApiConfigLookup(client.resource(ConfigMap.class), client.resource(Secret.class),
        client.resource(io.kava.api.core.v1.PersistentVolumeClaim.class), client.resource(io.kava.api.core.v1.PersistentVolume.class));
    NodeResources resources = NodeResources.detect(config.cpu(), config.memory(), config.maxPods());
    VolumeManager volumes = new VolumeManager(config.nodeDir(), configs, resources.asMap(), Optional.of(tokens));
    this.services = new SharedInformer<>(client.resource(Service.class), ListOptions.all(), config.syncPeriod());
    ServiceLookup serviceLookup = () -> services.hasSynced() ? Optional.of(services.lister().list()) : Optional.empty();
    ContainerFactory factory = new ContainerFactory(node, config.nodeIp(), config.podInfraImage(),
        new EnvResolver(configs, serviceLookup, resources.asMap()), new ContainerSecurity(runtime::imageUser),
        new TerminationMessages(volumes::podDir, runtime instanceof ContainerStreams streams
            ? TerminationMessages.LogTail.of(streams) : TerminationMessages.LogTail.NONE), config.podPidsLimit());
    ResolvConfFiles dns = new ResolvConfFiles(new PodResolvConf.Settings(config.clusterDns(), config.clusterDomain()),
        config.resolvConf(), volumes::podDir);
    ImagePuller images = new ImagePuller(runtime, Backoff.imagePull(config.backoffScale(), clock),
        config.imagePullFallbackLocal(), config.registryPulls(), events, clock);
    this.statusWriter = new ApiPodStatusWriter(client.resource(Pod.class));
    PodSyncContext ctx = new PodSyncContext(node, config.nodeIp(), runtime, factory, images, volumes,
        Backoff.crashLoop(config.backoffScale(), clock), probes, statusWriter,
        events, clock, stopper, new HookRunner(runtime, HookRunner.Sleeper.REAL), dns);
    this.podWorkers = new PodWorkers(key -> informer.lister().get(key), informer::hasSynced, ctx,
        queue::addAfter);
    this.orphans = new OrphanCleaner(runtime, node, this::knownPodUids, new PodKiller(runtime, stopper, events),
        volumes);
    this.poller = new ContainerEventPoller(runtime, node, queue::add);
    this.nodeStatus = new NodeStatusReporter(client.resource(Node.class), node, config.nodeIp(),
        resources, runtime, clock);
    if (runtime instanceof io.kava.kubelet.network.PodNetwork network) {
      nodeStatus.podNetwork(network);
    }
    this.lease = new NodeLeaseRenewer(client.resource(Lease.class), client.resource(Namespace.class), node, clock);
  }

  /** The labels and taints the Node starts with if this kubelet creates it; call before {@link #start}. */
  public void registerWith(io.kava.kubelet.node.NodeRegistration registration) {
    nodeStatus.registerWith(registration);
  }

  public void start() {
    // Before the first node status, which reports the port (a runtime without streams serves none).
    if (config.port() > 0 && runtime instanceof ContainerStreams streams) {
      // Stats are only read where they can be served: hollow nodes and in-process tests skip the Docker calls.
      StatsCollector stats = new StatsCollector(runtime, config.nodeName(), statsReads);
      streaming = new StreamingServer(config.nodeIp(), config.port(), runtime, streams, config.nodeName(),
          new KubeletStatsService(stats), serving, config.streamingIdleTimeout()).start();
      nodeStatus.kubeletPort(streaming.port());
      timers.scheduleWithFixedDelay(safely("collect container stats", stats), 0, config.statsPeriod().toMillis(),
          TimeUnit.MILLISECONDS);
    }
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        queue.add(ApiObjects.key(pod));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        queue.add(ApiObjects.key(newPod));
      }

      @Override
      public void onDelete(Pod pod) {
        queue.add(ApiObjects.key(pod));
      }

      @Override
      public void onRevisionWentBack() {
        statusWriter.forgetAll(); // its revisions belong to the history the store no longer has
      }
    });
    services.start();
    informer.start();
    workers = Workers.start("kubelet", queue, config.workers(), podWorkers::sync);
    timers.scheduleWithFixedDelay(this::heartbeat, 0, config.nodeStatusPeriod().toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(safely("poll containers", poller), POLL_PERIOD.toMillis(), POLL_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(safely("drop expired tokens", tokens::cleanUp), TOKEN_GC_PERIOD.toMillis(),
        TOKEN_GC_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(safely("clean up orphaned containers", orphans), config.syncPeriod().toMillis(),
        config.syncPeriod().toMillis(), TimeUnit.MILLISECONDS);
    if (runtime instanceof io.kava.kubelet.network.PodNetwork network) {
      // Until the Node has its podCIDR the status is looked at often, so pods need not wait a whole period.
      timers.scheduleWithFixedDelay(() -> {
        if (network.notReady().isPresent()) {
          safely("report node status", nodeStatus::report).run();
        }
      }, NETWORK_POLL.toMillis(), NETWORK_POLL.toMillis(), TimeUnit.MILLISECONDS);
      timers.scheduleWithFixedDelay(safely("delete the network of removed sandboxes", network::collectGarbage), 0,
          config.syncPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }
    log.info("Started kubelet for node {} ({}) against API server {}, cluster DNS {} for domain {}",
        config.nodeName(), config.nodeIp(), config.server(), config.clusterDns(), config.clusterDomain());
  }

  /** Waits until the pod list has been read once. */
  public boolean waitForSync(Duration timeout) throws InterruptedException {
    return informer.waitForSync(timeout);
  }

  private Optional<Set<String>> knownPodUids() {
    if (!informer.hasSynced()) {
      return Optional.empty();
    }
    Set<String> uids = new HashSet<>();
    informer.lister().list().forEach(p -> uids.add(p.getMetadata().getUid()));
    return Optional.of(uids);
  }

  private void heartbeat() {
    try {
      nodeStatus.report();
      if (nodeStatusFailing) {
        log.info("Reported node status again");
      }
      nodeStatusFailing = false;
    } catch (RuntimeException e) {
      if (!nodeStatusFailing) {
        log.warn("Failed to report node status, retrying every {} s: {}", config.nodeStatusPeriod().toSeconds(),
            e.getMessage());
      }
      nodeStatusFailing = true;
    }
    try {
      lease.renew();
      leaseFailing = false;
    } catch (RuntimeException e) {
      if (!leaseFailing) {
        log.warn("Failed to renew the node lease: {}", e.getMessage());
      }
      leaseFailing = true;
    }
  }

  private static Runnable safely(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.debug("Failed to {}: {}", what, e.getMessage());
      }
    };
  }


  /** Stops syncing (waiting briefly for syncs under way, so nothing is created after close). */
  @Override
  public void close() {
    timers.shutdownNow();
    statsReads.shutdownNow();
    queue.shutDown();
    informer.close();
    services.close();
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (Thread worker : workers) {
      try {
        worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      timers.awaitTermination(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (streaming != null) {
      streaming.close();
    }
    probes.close();
    probeThreads.shutdownNow();
    stopper.shutdownNow();
    recorder.close();
    log.info("Stopped kubelet for node {}; its containers keep running", config.nodeName());
  }
}
