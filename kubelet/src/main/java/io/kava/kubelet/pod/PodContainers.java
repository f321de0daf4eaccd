package io.kava.kubelet.pod;

import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerCreateException;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStartException;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.ForwardingContainerRuntime;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One pod's containers during one sync: listed and inspected once when the sync begins, then refreshed
 * only where the sync itself changed something (a container it created, started, stopped or removed),
 * instead of listing and inspecting every container again after each step. Changes the sync did not make
 * (a container exiting by itself) are the container event poller's to notice: it asks for another sync.
 *
 * <p>It is the runtime the pod worker, its sandbox manager and its killer write through, so every write
 * marks its container without them knowing; writes may come from the killer's stop threads.
 */
final class PodContainers extends ForwardingContainerRuntime {
  private final Map<String, String> podLabels;
  /** By id, in the order first seen; null until the sync's first look. */
  private Map<String, ContainerInfo> snapshot;
  /** Containers written to since they were last inspected. */
  private final Set<String> changed = new HashSet<>();
  /** Counts writes, so an inspection that overlapped a write to its container is not taken as fresh. */
  private long writes;
  /** The count at each container's latest write (since the sync began). */
  private final Map<String, Long> lastWrite = new HashMap<>();

  PodContainers(ContainerRuntime runtime, Map<String, String> podLabels) {
    super(runtime);
    this.podLabels = Map.copyOf(podLabels);
  }

  /** Forgets what was seen: the next {@link #observe()} lists the pod's containers afresh. */
  synchronized void refreshAll() {
    snapshot = null;
    changed.clear();
    lastWrite.clear();
  }

  /** The pod's containers now: the sync's first look, with every container it wrote to since inspected again. */
  ObservedPod observe() {
    Set<String> stale;
    synchronized (this) {
      if (snapshot == null) {
        stale = null;
      } else {
        stale = Set.copyOf(changed);
      }
    }
    if (stale == null) {
      Map<String, ContainerInfo> fresh = new LinkedHashMap<>();
      for (ContainerSummary s : runtime.listContainers(podLabels)) {
        runtime.inspectContainer(s.id()).ifPresent(i -> fresh.put(i.id(), i));
      }
      synchronized (this) {
        snapshot = fresh;
        return new ObservedPod(List.copyOf(snapshot.values()));
      }
    }
    stale.forEach(this::inspectContainer);
    synchronized (this) {
      return new ObservedPod(List.copyOf(snapshot.values()));
    }
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String id) {
    long before;
    synchronized (this) {
      before = writes;
    }
    Optional<ContainerInfo> info = runtime.inspectContainer(id);
    synchronized (this) {
      if (snapshot != null && changed.contains(id)) {
        info.ifPresentOrElse(i -> snapshot.put(id, i), () -> snapshot.remove(id));
        if (lastWrite.getOrDefault(id, 0L) <= before) {
          changed.remove(id); // no write to it overlapped this look (a write to another may have): it is fresh
        }
      }
    }
    return info;
  }

  private synchronized void wrote(String id) {
    writes++;
    lastWrite.put(id, writes);
    if (snapshot != null) {
      changed.add(id);
    }
  }

  @Override
  public String createContainer(ContainerConfig config) throws ContainerCreateException {
    String id = runtime.createContainer(config);
    wrote(id);
    return id;
  }

  @Override
  public void startContainer(String id) throws ContainerStartException {
    try {
      runtime.startContainer(id);
    } finally {
      wrote(id); // a failed start leaves the container exited with the error
    }
  }

  @Override
  public void stopContainer(String id, Duration gracePeriod) {
    try {
      runtime.stopContainer(id, gracePeriod);
    } finally {
      wrote(id);
    }
  }

  @Override
  public void removeContainer(String id) {
    try {
      runtime.removeContainer(id);
    } finally {
      wrote(id);
    }
  }

  /** The kubelet's runtime outlives every pod: closing one pod's view of it closes nothing. */
  @Override
  public void close() {}
}
