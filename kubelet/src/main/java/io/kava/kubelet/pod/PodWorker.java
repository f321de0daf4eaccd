package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.kubelet.dns.ResolvConfFiles;
import io.kava.kubelet.lifecycle.HookRunner;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerCreateException;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerStartException;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.status.PodStatusComputer;
import io.kava.kubelet.status.PodStatusInput;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one pod: compares its spec with the containers Docker reports (matched by labels, so a
 * restarted kubelet adopts what runs) and closes the gap one step at a time: sandbox, init containers in
 * order, app containers with restarts and backoff, liveness kills, deletion. Then writes the status
 * computed from what Docker reports. Level-driven: a second sync with nothing changed does nothing.
 * Never runs concurrently with itself (the work queue hands a key to one worker at a time).
 */
public final class PodWorker {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);
  /** How soon to look again after a step whose effect Docker reports asynchronously. */
  private static final Duration SOON = Duration.ofMillis(200);
  private static final Duration VOLUME_RETRY = Duration.ofSeconds(5);

  private final String uid;
  private final PodSyncContext ctx;
  /** This pod's containers as this sync saw them; every write of the sync goes through it. */
  private final PodContainers containers;
  private final SandboxManager sandboxes;
  private final PodKiller killer;
  /** Containers whose current backoff was already announced with a BackOff event. */
  private final Set<String> backoffAnnounced = new HashSet<>();
  private Map<String, Waiting> waiting = new HashMap<>();
  /** The terminal status once computed: a finished pod never runs again, even before the API shows it. */
  private PodStatus finalStatus;
  /** This sync's volumes by name (set up before any container starts). */
  private Map<String, java.nio.file.Path> volumePaths = Map.of();
  /** Whether this sync's volumes are ready; null until set up (once per sync). */
  private Boolean volumesReady;
  /** Containers this sync already tried to create while the sandbox started, and failed to. */
  private Set<String> failedEarly = new HashSet<>();
  /** Containers this sync created while the sandbox started, by name: started as soon as it runs. */
  private Map<String, CreatedEarly> createdEarly = new LinkedHashMap<>();

  /** A container created while the sandbox started; started: whether its start then succeeded. */
  private static final class CreatedEarly {
    final Container container;
    final String id;
    boolean started;

    CreatedEarly(Container container, String id) {
      this.container = container;
      this.id = id;
    }
  }

  public PodWorker(String uid, PodSyncContext ctx) {
    this.uid = uid;
    this.ctx = ctx;
    this.containers = new PodContainers(ctx.runtime(), ContainerLabels.ofPod(ctx.node(), uid));
    this.sandboxes = new SandboxManager(containers, ctx.factory(), ctx.events(), ctx.crashBackoff(), ctx.clock(),
        ctx.stopper());
    this.killer = new PodKiller(containers, ctx.stopper(), ctx.events(), ctx.hooks(), ctx.nodeIp(), ctx.clock());
  }

  public String uid() {
    return uid;
  }

  /** One reconcile pass; returns when to look again at the latest (null: the periodic sync is enough). */
  public Duration sync(Pod pod) {
    Requeue requeue = new Requeue();
    waiting = new HashMap<>();
    volumesReady = null;
    failedEarly = new HashSet<>();
    createdEarly = new LinkedHashMap<>();
    containers.refreshAll();
    ObservedPod observed = containers.observe();
    if (!pod.getMetadata().getDeletionTimestamp().isEmpty()) {
      terminate(pod, observed, deletionGrace(pod));
      if (ctx.api().delete(pod)) {
        log.info("Deleted pod {}/{} after stopping its containers", namespace(pod), name(pod));
      }
      return null;
    }
    if (PodStatusComputer.isTerminal(pod.getStatus().getPhase())) {
      stopFinished(pod, observed);
      return null;
    }
    if (finalStatus != null) {
      ctx.api().updateStatus(pod, finalStatus); // our earlier write has not reached the cache yet, or failed
      stopFinished(pod, observed);
      return null;
    }
    String policy = RestartPolicies.of(pod);
    Optional<ContainerInfo> sandbox = ensureSandbox(pod, observed, policy, requeue);
    if (sandbox.isPresent()) {
      runPostStartOfEarly(pod, sandbox.get(), requeue);
      observed = containers.observe();
      stopContainersOfOldSandboxes(pod, observed, sandbox.get());
      observed = containers.observe();
      if (setUpVolumes(pod, observed, requeue)) {
        boolean initialized = syncInitContainers(pod, observed, sandbox.get(), policy, requeue);
        if (initialized) {
          syncAppContainers(pod, observed, sandbox.get(), policy, requeue);
        }
      }
      observed = containers.observe();
    }
    String podIp = pod.getSpec().getHostNetwork() ? ctx.nodeIp()
        : observed.runningSandbox().map(ContainerInfo::ipAddress).orElse("");
    ctx.probes().sync(pod, observed, podIp);
    PodStatus status = PodStatusComputer.compute(new PodStatusInput(pod, observed, Map.copyOf(waiting),
        ctx.probes().readinessPassed(uid), ctx.probes().startupPassed(uid), ctx.nodeIp(), ctx.clock().instant(),
        ctx.factory().terminationMessages().of(pod, observed)));
    ctx.api().updateStatus(pod, status);
    if (PodStatusComputer.isTerminal(status.getPhase())) {
      finalStatus = status;
      log.info("Pod {}/{} finished with phase {}", namespace(pod), name(pod), status.getPhase());
      stopFinished(pod, observed);
    } else {
      removeDeadContainers(observed);
    }
    return requeue.value();
  }

  /** Stops and removes every container of this pod (it is being deleted, or is gone from the API). */
  public void terminate(Pod pod, ObservedPod observed, Duration grace) {
    List<ContainerSummary> all = observed.all().stream().map(ContainerInfo::summary).toList();
    killer.killAndRemove(pod, all, grace);
    forget();
  }

  /** Cleans up after a pod that vanished from the API without us seeing its deletion. */
  public void terminateOrphaned() {
    ObservedPod observed = observe();
    Duration grace = Duration.ofSeconds(observed.all().stream().findFirst()
        .map(c -> ContainerLabels.gracePeriodSeconds(c.labels(), ContainerFactory.DEFAULT_GRACE_PERIOD_SECONDS))
        .orElse(ContainerFactory.DEFAULT_GRACE_PERIOD_SECONDS));
    terminate(null, observed, grace);
  }

  private void forget() {
    ctx.probes().removePod(uid);
    ctx.images().forgetPod(uid);
    ctx.volumes().tearDown(uid);
    ctx.crashBackoff().resetPrefix(uid + "/");
    ctx.api().forget(uid);
    backoffAnnounced.clear();
  }

  /** The pod's containers as the engine reports them now (listed afresh, outside any sync). */
  public ObservedPod observe() {
    List<ContainerInfo> infos = new ArrayList<>();
    for (ContainerSummary s : ctx.runtime().listContainers(ContainerLabels.ofPod(ctx.node(), uid))) {
      ctx.runtime().inspectContainer(s.id()).ifPresent(infos::add);
    }
    return new ObservedPod(infos);
  }

  // ------------------------------------------------------------------ sandbox

  private Optional<ContainerInfo> ensureSandbox(Pod pod, ObservedPod observed, String policy, Requeue requeue) {
    Optional<ContainerInfo> running = observed.runningSandbox();
    if (running.isPresent()) {
      return running;
    }
    Optional<ContainerInfo> dead = observed.latestSandbox();
    if (dead.isPresent()) {
      boolean anyRan = !observed.containers().isEmpty();
      stopRunning(pod, observed, false);
      if (policy.equals(RestartPolicies.NEVER) && anyRan) {
        // Upstream: a pod that never restarts does not get a new sandbox once its containers ran.
        return Optional.empty();
      }
      ctx.events().normal(pod, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
    }
    int attempt = dead.map(d -> ContainerLabels.restartCount(d) + 1).orElse(0);
    return sandboxes.create(pod, attempt, requeue, id -> createWhileSandboxStarts(pod, observed, id, requeue),
        () -> startCreatedEarly(pod, requeue));
  }

  /**
   * Creates the containers that start first (the first init container, or else every app container)
   * while the new sandbox starts, so that only their start waits for it. Left for the usual steps: a
   * container that ran before, and one whose environment needs the pod IP, known once the sandbox runs.
   */
  private List<String> createWhileSandboxStarts(Pod pod, ObservedPod observed, String sandboxId, Requeue requeue) {
    if (!setUpVolumes(pod, observed, requeue)) {
      return List.of();
    }
    boolean init = pod.getSpec().getInitContainersCount() > 0;
    List<Container> first = init ? List.of(pod.getSpec().getInitContainers(0)) : pod.getSpec().getContainersList();
    boolean hostNetwork = pod.getSpec().getHostNetwork();
    List<String> created = new ArrayList<>();
    for (Container c : first) {
      if (observed.attempts(c.getName()).isEmpty() && (hostNetwork || !needsPodIp(c))) {
        create(pod, c, sandboxId, hostNetwork ? ctx.nodeIp() : "", restartCountForMissing(pod, c, init), requeue)
            .ifPresentOrElse(id -> {
              created.add(id);
              createdEarly.put(c.getName(), new CreatedEarly(c, id));
            }, () -> failedEarly.add(c.getName()));
      }
    }
    return created;
  }

  /**
   * Starts the containers created while the sandbox started, as soon as it runs (while it is inspected
   * for its IP): nothing about them can have changed since their create, so they are not looked at again
   * first. The steps after leave them to the next sync, as they would a container they had just started
   * themselves.
   */
  private void startCreatedEarly(Pod pod, Requeue requeue) {
    for (CreatedEarly early : createdEarly.values()) {
      early.started = startOnly(pod, early.container, early.id, requeue);
    }
  }

  /** The postStart hooks of the containers started with the sandbox, which may need the pod IP. */
  private void runPostStartOfEarly(Pod pod, ContainerInfo sandbox, Requeue requeue) {
    for (CreatedEarly early : createdEarly.values()) {
      if (early.started && early.container.getLifecycle().hasPostStart()) {
        runPostStart(pod, early.container, early.id, podIp(pod, sandbox), requeue);
      }
    }
  }

  private static boolean needsPodIp(Container c) {
    return c.getEnvList().stream().anyMatch(e -> e.hasValueFrom() && e.getValueFrom().hasFieldRef()
        && e.getValueFrom().getFieldRef().getFieldPath().startsWith("status.podIP"));
  }

  /** A container of an older sandbox lost its network namespace: it is stopped, then restarted by policy. */
  private void stopContainersOfOldSandboxes(Pod pod, ObservedPod observed, ContainerInfo sandbox) {
    List<ContainerSummary> stale = observed.containers().stream()
        .filter(c -> c.running() && !c.label(ContainerLabels.SANDBOX_ID).equals(sandbox.id()))
        .map(ContainerInfo::summary).toList();
    if (!stale.isEmpty()) {
      killer.stop(pod, stale, gracePeriod(pod), false);
    }
  }

  /** Prepares the pod's volumes, once per sync; false (containers wait, FailedMount) when one cannot be. */
  private boolean setUpVolumes(Pod pod, ObservedPod observed, Requeue requeue) {
    if (volumesReady == null) {
      volumesReady = trySetUpVolumes(pod, observed, requeue);
    }
    return volumesReady;
  }

  private boolean trySetUpVolumes(Pod pod, ObservedPod observed, Requeue requeue) {
    try {
      volumePaths = ctx.volumes().setUp(pod);
      VolumeOwnership.apply(pod, volumePaths);
      return true;
    } catch (VolumeManager.VolumeError e) {
      ctx.events().warning(pod, "FailedMount", e.getMessage());
      for (Container c : pod.getSpec().getInitContainersList()) {
        if (observed.latest(c.getName()).isEmpty()) {
          waiting.put(c.getName(), new Waiting(Waiting.CONTAINER_CREATING, e.getMessage()));
        }
      }
      for (Container c : pod.getSpec().getContainersList()) {
        if (observed.latest(c.getName()).isEmpty()) {
          waiting.put(c.getName(), new Waiting(Waiting.CONTAINER_CREATING, e.getMessage()));
        }
      }
      requeue.after(VOLUME_RETRY);
      return false;
    }
  }

  // ------------------------------------------------------------------ init containers

  /** Runs init containers one at a time, in order; true once all have succeeded. */
  private boolean syncInitContainers(Pod pod, ObservedPod observed, ContainerInfo sandbox, String policy,
      Requeue requeue) {
    for (Container c : pod.getSpec().getInitContainersList()) {
      if (createdEarly.containsKey(c.getName())) {
        return false; // just started
      }
      Optional<ContainerInfo> latest = observed.latest(c.getName());
      if (latest.isEmpty()) {
        if (!failedEarly.contains(c.getName())) {
          start(pod, c, sandbox, restartCountForMissing(pod, c, true), requeue);
        }
        return false;
      }
      ContainerInfo l = latest.get();
      if (l.exited() && l.exitCode() == 0) {
        continue;
      }
      if (l.running()) {
        return false;
      }
      if (l.exited()) {
        if (RestartPolicies.shouldRestartInit(policy, l)) {
          restartWithBackoff(pod, c, l, sandbox, requeue);
        }
        return false;
      }
      startCreatedId(pod, c, l.id(), podIp(pod, sandbox), requeue);
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ app containers

  private void syncAppContainers(Pod pod, ObservedPod observed, ContainerInfo sandbox, String policy,
      Requeue requeue) {
    for (Container c : pod.getSpec().getContainersList()) {
      if (createdEarly.containsKey(c.getName())) {
        continue; // just started
      }
      Optional<ContainerInfo> latest = observed.latest(c.getName());
      if (latest.isEmpty()) {
        if (!failedEarly.contains(c.getName())) {
          start(pod, c, sandbox, restartCountForMissing(pod, c, false), requeue);
        }
        continue;
      }
      ContainerInfo l = latest.get();
      Optional<ContainerStatus> vanished = vanishedWhileRunning(pod.getStatus().getContainerStatusesList(), c, observed);
      if (!l.running() && vanished.isPresent()) {
        // Removed behind our back (docker rm -f) rather than crashed: recreated at once, counted as a restart.
        start(pod, c, sandbox, Math.max(vanished.get().getRestartCount(), ContainerLabels.restartCount(l)) + 1, requeue);
        continue;
      }
      if (l.running()) {
        String failedProbe = ctx.probes().startupFailed(uid, l.id()) ? "startup"
            : ctx.probes().livenessFailed(uid, l.id()) ? "liveness" : null;
        if (failedProbe != null) {
          killer.kill(pod, c, l.id(), l.label(ContainerLabels.SANDBOX_ID), gracePeriod(pod),
              "Container " + c.getName() + " failed " + failedProbe + " probe, will be restarted");
          requeue.after(Duration.ZERO);
        }
        continue;
      }
      if (l.exited()) {
        if (RestartPolicies.shouldRestart(policy, l)) {
          restartWithBackoff(pod, c, l, sandbox, requeue);
        }
        continue;
      }
      startCreatedId(pod, c, l.id(), podIp(pod, sandbox), requeue);
    }
  }

  /** Upstream's doBackOff: the first restart is immediate, later ones wait 10 s, 20 s, ... up to 5 min. */
  private void restartWithBackoff(Pod pod, Container c, ContainerInfo exited, ContainerInfo sandbox, Requeue requeue) {
    String key = uid + "/" + c.getName();
    Instant finished = exited.finishedAt() != null ? exited.finishedAt() : ctx.clock().instant();
    if (ctx.crashBackoff().isInBackOffSince(key, finished)) {
      Duration delay = ctx.crashBackoff().delay(key);
      waiting.put(c.getName(), new Waiting(Waiting.CRASH_LOOP_BACK_OFF, "back-off " + human(delay)
          + " restarting failed container=" + c.getName() + " pod=" + name(pod) + "_" + namespace(pod) + "(" + uid + ")"));
      if (backoffAnnounced.add(exited.id())) {
        ctx.events().warning(pod, "BackOff", "Back-off restarting failed container " + c.getName() + " in pod "
            + name(pod) + "_" + namespace(pod) + "(" + uid + ")");
      }
      requeue.after(ctx.crashBackoff().remaining(key, finished));
      return;
    }
    ctx.crashBackoff().next(key, finished);
    start(pod, c, sandbox, ContainerLabels.restartCount(exited) + 1, requeue);
  }

  /**
   * The restart count for a container that has no container at all: 0 the first time, or one more
   * than the status remembers if a container of it ran and was removed behind our back (docker rm -f).
   */
  private static int restartCountForMissing(Pod pod, Container c, boolean init) {
    List<ContainerStatus> statuses = init ? pod.getStatus().getInitContainerStatusesList()
        : pod.getStatus().getContainerStatusesList();
    for (ContainerStatus s : statuses) {
      if (s.getName().equals(c.getName())) {
        return s.getContainerId().isEmpty() ? s.getRestartCount() : s.getRestartCount() + 1;
      }
    }
    return 0;
  }

  /** The reported status of a container that ran but whose container no longer exists at all. */
  private static Optional<ContainerStatus> vanishedWhileRunning(List<ContainerStatus> statuses, Container c,
      ObservedPod observed) {
    for (ContainerStatus s : statuses) {
      if (s.getName().equals(c.getName()) && s.getState().hasRunning() && !s.getContainerId().isEmpty()) {
        String id = s.getContainerId().substring(s.getContainerId().indexOf("://") + 3);
        boolean present = observed.attempts(c.getName()).stream().anyMatch(a -> a.id().equals(id));
        return present ? Optional.empty() : Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Pulls the image, creates and starts one container. Failures become waiting reasons and retries. */
  private void start(Pod pod, Container c, ContainerInfo sandbox, int restartCount, Requeue requeue) {
    String podIp = podIp(pod, sandbox);
    create(pod, c, sandbox.id(), podIp, restartCount, requeue).ifPresent(id -> startCreatedId(pod, c, id, podIp, requeue));
  }

  /** Pulls the image and creates one container; empty when that failed (a waiting reason and a retry). */
  private Optional<String> create(Pod pod, Container c, String sandboxId, String podIp, int restartCount,
      Requeue requeue) {
    ImagePuller.Result image = ctx.images().ensure(pod, c);
    if (!image.isReady()) {
      waiting.put(c.getName(), image.waiting());
      requeue.after(image.retryAfter());
      return Optional.empty();
    }
    String id;
    try {
      id = containers.createContainer(ctx.factory().container(pod, c, sandboxId, podIp, restartCount,
          mounts(pod, c)));
    } catch (java.io.IOException e) {
      String message = "failed to write the pod's resolv.conf: " + e.getMessage();
      waiting.put(c.getName(), new Waiting(Waiting.CREATE_CONTAINER_ERROR, message));
      ctx.events().warning(pod, "Failed", "Error: " + message);
      requeue.after(VOLUME_RETRY);
      return Optional.empty();
    } catch (EnvResolver.ConfigError e) {
      waiting.put(c.getName(), new Waiting("CreateContainerConfigError", e.getMessage()));
      ctx.events().warning(pod, "Failed", "Error: " + e.getMessage());
      requeue.after(Duration.ofSeconds(10));
      return Optional.empty();
    } catch (VolumeManager.VolumeError e) {
      waiting.put(c.getName(), new Waiting(Waiting.CREATE_CONTAINER_ERROR, e.getMessage()));
      ctx.events().warning(pod, "Failed", "Error: " + e.getMessage());
      requeue.after(VOLUME_RETRY);
      return Optional.empty();
    } catch (ContainerCreateException e) {
      waiting.put(c.getName(), new Waiting(Waiting.CREATE_CONTAINER_ERROR, e.getMessage()));
      ctx.events().warning(pod, "Failed", "Error: " + e.getMessage());
      requeue.after(Duration.ofSeconds(10));
      return Optional.empty();
    }
    ctx.events().normal(pod, "Created", "Created container " + c.getName());
    return Optional.of(id);
  }

  /** The container's volume binds, and the pod's resolv.conf at /etc/resolv.conf unless a volume is mounted there. */
  private List<ContainerConfig.Mount> mounts(Pod pod, Container c) throws VolumeManager.VolumeError, java.io.IOException {
    List<ContainerConfig.Mount> mounts = new ArrayList<>(ctx.volumes().mounts(pod, c, volumePaths));
    if (mounts.stream().noneMatch(m -> m.containerPath().equals(ResolvConfFiles.CONTAINER_PATH))) {
      ResolvConfFiles.Written dns = ctx.dns().write(pod);
      if (dns.changed()) {
        dns.warnings().forEach(w -> ctx.events().warning(pod, w.reason(), w.message()));
      }
      mounts.add(new ContainerConfig.Mount(dns.file().toString(), ResolvConfFiles.CONTAINER_PATH, false));
    }
    return mounts;
  }

  private String podIp(Pod pod, ContainerInfo sandbox) {
    return pod.getSpec().getHostNetwork() ? ctx.nodeIp() : sandbox.ipAddress();
  }

  private void startCreatedId(Pod pod, Container c, String id, String podIp, Requeue requeue) {
    if (startOnly(pod, c, id, requeue) && c.getLifecycle().hasPostStart()) {
      runPostStart(pod, c, id, podIp, requeue);
    }
  }

  /** Starts a created container, without its postStart hook; false (a waiting reason, a retry) when that failed. */
  private boolean startOnly(Pod pod, Container c, String id, Requeue requeue) {
    try {
      containers.startContainer(id);
      ctx.events().normal(pod, "Started", "Started container " + c.getName());
      log.info("Started container {} of pod {}/{}", c.getName(), namespace(pod), name(pod));
      return true;
    } catch (ContainerStartException e) {
      // Docker leaves the container exited with the error: the restart logic takes it from here.
      waiting.put(c.getName(), new Waiting(Waiting.RUN_CONTAINER_ERROR, e.getMessage()));
      ctx.events().warning(pod, "Failed", "Error: " + e.getMessage());
      requeue.after(SOON);
      return false;
    }
  }

  /** Upstream's startContainer step 4: a failed postStart hook kills the container, and the restart policy decides. */
  private void runPostStart(Pod pod, Container c, String id, String podIp, Requeue requeue) {
    HookRunner.Result result = ctx.hooks().run(pod, c, id, c.getLifecycle().getPostStart(), podIp,
        HookRunner.POST_START_BUDGET);
    if (result.outcome() == HookRunner.Outcome.SUCCEEDED) {
      return;
    }
    log.warn("PostStart hook of container {} of pod {}/{} failed: {}", c.getName(), namespace(pod), name(pod),
        result.message());
    // Upstream leaves the hook's output out of the event, so that no secret leaks.
    ctx.events().warning(pod, "FailedPostStartHook", "PostStartHook failed");
    String sandboxId = containers.inspectContainer(id).map(i -> i.label(ContainerLabels.SANDBOX_ID)).orElse("");
    killer.kill(pod, c, id, sandboxId, gracePeriod(pod), "FailedPostStartHook");
    waiting.put(c.getName(), new Waiting(Waiting.POST_START_HOOK_ERROR, result.message()));
    requeue.after(SOON);
  }

  // ------------------------------------------------------------------ finishing

  /** A finished pod keeps its exited containers (for status and logs) but nothing may keep running. */
  private void stopFinished(Pod pod, ObservedPod observed) {
    stopRunning(pod, observed, true);
    ctx.probes().removePod(uid);
  }

  private void stopRunning(Pod pod, ObservedPod observed, boolean includeSandbox) {
    List<ContainerSummary> running = observed.all().stream().filter(ContainerInfo::running)
        .map(ContainerInfo::summary).toList();
    if (!running.isEmpty()) {
      killer.stop(pod, running, gracePeriod(pod), includeSandbox);
    }
  }

  /** Keeps the newest two attempts of each container (the current one and the last state) and the live sandbox. */
  private void removeDeadContainers(ObservedPod observed) {
    Set<String> names = new HashSet<>();
    observed.containers().forEach(c -> names.add(c.label(ContainerLabels.CONTAINER_NAME)));
    for (String name : names) {
      List<ContainerInfo> attempts = observed.attempts(name);
      for (int i = 2; i < attempts.size(); i++) {
        if (!attempts.get(i).running()) {
          containers.removeContainer(attempts.get(i).id());
        }
      }
    }
    List<ContainerInfo> sandboxList = observed.sandboxes();
    for (int i = 1; i < sandboxList.size(); i++) {
      if (!sandboxList.get(i).running()) {
        containers.removeContainer(sandboxList.get(i).id());
      }
    }
  }

  private static Duration deletionGrace(Pod pod) {
    if (pod.getMetadata().hasDeletionGracePeriodSeconds()) {
      return Duration.ofSeconds(Math.max(0, pod.getMetadata().getDeletionGracePeriodSeconds()));
    }
    return gracePeriod(pod);
  }

  private static Duration gracePeriod(Pod pod) {
    return Duration.ofSeconds(Math.max(0, ContainerFactory.gracePeriodSeconds(pod)));
  }

  /** "10s", "1m20s", "300ms": as Go prints durations in upstream's messages. */
  static String human(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long seconds = d.toSeconds();
    long minutes = seconds / 60;
    return minutes > 0 ? minutes + "m" + (seconds % 60) + "s" : seconds + "s";
  }

  private static String namespace(Pod pod) {
    return pod.getMetadata().getNamespace();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
