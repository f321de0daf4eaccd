package io.kava.kubelet.probe;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.pod.PodEvents;
import io.kava.kubelet.runtime.ContainerInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one probe worker per running container and probe type, like upstream's prober manager. A changed
 * verdict (ready, not ready, liveness failed) asks for a sync of the pod through onChange; the pod worker
 * reads the verdicts when it computes the status or decides to restart a container.
 */
public final class ProbeManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProbeManager.class);

  private final Prober prober;
  private final PodEvents events;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> onChange;
  /** Workers by pod uid, then by "containerId/type". */
  private final Map<String, Map<String, ProbeWorker>> workers = new ConcurrentHashMap<>();
  /** Ids of containers whose startup probe has passed, by pod uid (the startup worker is gone then). */
  private final Map<String, Set<String>> started = new ConcurrentHashMap<>();

  public ProbeManager(Prober prober, PodEvents events, ScheduledExecutorService scheduler, Consumer<String> onChange) {
    this.prober = prober;
    this.events = events;
    this.scheduler = scheduler;
    this.onChange = onChange;
  }

  /** Starts workers for running containers with probes and stops those whose container stopped. */
  public void sync(Pod pod, ObservedPod observed, String podIp) {
    String uid = pod.getMetadata().getUid();
    Map<String, ProbeWorker> podWorkers = workers.computeIfAbsent(uid, u -> new ConcurrentHashMap<>());
    Set<String> wanted = new HashSet<>();
    for (Container c : pod.getSpec().getContainersList()) {
      Optional<ContainerInfo> latest = observed.latest(c.getName()).filter(ContainerInfo::running);
      if (latest.isEmpty()) {
        continue;
      }
      String id = latest.get().id();
      Set<String> startedIds = started.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet());
      if (c.hasStartupProbe() && !startedIds.contains(id)) {
        ProbeWorker startup = podWorkers.get(id + "/" + ProbeWorker.Type.STARTUP);
        if (startup != null && startup.passing()) {
          startedIds.add(id);
        } else {
          // Readiness and liveness wait until the container has started, as upstream.
          wanted.add(ensure(podWorkers, pod, c, id, ProbeWorker.Type.STARTUP, podIp));
          continue;
        }
      }
      if (c.hasReadinessProbe()) {
        wanted.add(ensure(podWorkers, pod, c, id, ProbeWorker.Type.READINESS, podIp));
      }
      if (c.hasLivenessProbe()) {
        wanted.add(ensure(podWorkers, pod, c, id, ProbeWorker.Type.LIVENESS, podIp));
      }
    }
    Set<String> runningIds = new HashSet<>();
    observed.containers().stream().filter(ContainerInfo::running).forEach(ci -> runningIds.add(ci.id()));
    Set<String> startedIds = started.get(uid);
    if (startedIds != null) {
      startedIds.retainAll(runningIds);
    }
    podWorkers.entrySet().removeIf(e -> {
      if (!wanted.contains(e.getKey())) {
        e.getValue().cancel();
        return true;
      }
      return false;
    });
  }

  /** Ids of the pod's containers whose readiness probe passes now. */
  public Set<String> readinessPassed(String podUid) {
    Set<String> ready = new HashSet<>();
    for (ProbeWorker w : workers.getOrDefault(podUid, Map.of()).values()) {
      if (w.type == ProbeWorker.Type.READINESS && w.passing()) {
        ready.add(w.containerId);
      }
    }
    return ready;
  }

  /** Ids of the pod's running containers whose startup probe has passed. */
  public Set<String> startupPassed(String podUid) {
    Set<String> ids = new HashSet<>(started.getOrDefault(podUid, Set.of()));
    for (ProbeWorker w : workers.getOrDefault(podUid, Map.of()).values()) {
      if (w.type == ProbeWorker.Type.STARTUP && w.passing()) {
        ids.add(w.containerId);
      }
    }
    return ids;
  }

  /** Whether the container's startup probe has failed failureThreshold times in a row. */
  public boolean startupFailed(String podUid, String containerId) {
    ProbeWorker w = workers.getOrDefault(podUid, Map.of()).get(containerId + "/" + ProbeWorker.Type.STARTUP);
    return w != null && w.failed();
  }

  /** Whether the container's liveness probe has failed failureThreshold times in a row. */
  public boolean livenessFailed(String podUid, String containerId) {
    ProbeWorker w = workers.getOrDefault(podUid, Map.of()).get(containerId + "/" + ProbeWorker.Type.LIVENESS);
    return w != null && !w.passing();
  }

  public void removePod(String podUid) {
    started.remove(podUid);
    Map<String, ProbeWorker> removed = workers.remove(podUid);
    if (removed != null) {
      removed.values().forEach(ProbeWorker::cancel);
    }
  }

  /** Runs every worker's probe once, now (tests drive probes with this instead of waiting for periods). */
  public void probeAllNow() {
    List<ProbeWorker> all = new ArrayList<>();
    workers.values().forEach(m -> all.addAll(m.values()));
    all.forEach(this::run);
  }

  @Override
  public void close() {
    workers.values().forEach(m -> m.values().forEach(ProbeWorker::cancel));
    workers.clear();
  }

  private String ensure(Map<String, ProbeWorker> podWorkers, Pod pod, Container c, String containerId,
      ProbeWorker.Type type, String podIp) {
    String key = containerId + "/" + type;
    ProbeWorker existing = podWorkers.get(key);
    if (existing != null) {
      existing.podIp(podIp);
      return key;
    }
    ProbeWorker worker = new ProbeWorker(prober, events, pod, c, containerId, type, podIp);
    podWorkers.put(key, worker);
    if (scheduler != null) {
      worker.future(scheduler.scheduleWithFixedDelay(() -> run(worker), worker.initialDelaySeconds() * 1000L,
          worker.periodSeconds() * 1000L, TimeUnit.MILLISECONDS));
    }
    return key;
  }

  private void run(ProbeWorker worker) {
    try {
      if (worker.runOnce()) {
        log.info("{} probe of container {} in pod {}/{} became {}", worker.type.title, worker.container.getName(),
            worker.pod.getMetadata().getNamespace(), worker.pod.getMetadata().getName(),
            worker.passing() ? "successful" : "failed");
        if (worker.type == ProbeWorker.Type.STARTUP && worker.passing()) {
          started.computeIfAbsent(worker.pod.getMetadata().getUid(), u -> ConcurrentHashMap.newKeySet())
              .add(worker.containerId);
        }
        onChange.accept(worker.pod.getMetadata().getNamespace() + "/" + worker.pod.getMetadata().getName());
      }
    } catch (RuntimeException e) {
      log.warn("Probe of container {} failed unexpectedly", worker.containerId, e);
    }
  }
}
