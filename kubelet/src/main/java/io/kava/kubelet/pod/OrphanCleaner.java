package io.kava.kubelet.pod;

import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes this node's containers whose pod the API server no longer has (force-deleted while the
 * kubelet was down, or deleted by someone else). Runs only on a complete pod list, and lists the
 * containers before reading the pods, so a pod created meanwhile never loses its fresh containers.
 */
public final class OrphanCleaner implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(OrphanCleaner.class);

  private final ContainerRuntime runtime;
  private final String node;
  private final Supplier<Optional<Set<String>>> knownPodUids;
  private final PodKiller killer;
  private final VolumeManager volumes;

  /** knownPodUids: the uids of this node's pods, or empty while the pod list is not complete. */
  public OrphanCleaner(ContainerRuntime runtime, String node, Supplier<Optional<Set<String>>> knownPodUids,
      PodKiller killer, VolumeManager volumes) {
    this.runtime = runtime;
    this.volumes = volumes;
    this.node = node;
    this.knownPodUids = knownPodUids;
    this.killer = killer;
  }

  @Override
  public void run() {
    List<ContainerSummary> containers = runtime.listContainers(ContainerLabels.ofNode(node));
    Set<String> onDisk = volumes.podsOnDisk();
    Optional<Set<String>> known = knownPodUids.get();
    if (known.isEmpty()) {
      return;
    }
    Map<String, List<ContainerSummary>> orphans = new HashMap<>();
    for (ContainerSummary c : containers) {
      String uid = c.labels().getOrDefault(ContainerLabels.POD_UID, "");
      if (!known.get().contains(uid)) {
        orphans.computeIfAbsent(uid, u -> new ArrayList<>()).add(c);
      }
    }
    orphans.forEach((uid, list) -> {
      Duration grace = Duration.ofSeconds(ContainerLabels.gracePeriodSeconds(list.get(0).labels(),
          ContainerFactory.DEFAULT_GRACE_PERIOD_SECONDS));
      killer.killAndRemove(null, list, grace);
      log.info("Removed {} containers of pod {} (uid {}), which no longer exists", list.size(),
          ContainerLabels.podKey(list.get(0)), uid);
    });
    for (String uid : onDisk) {
      if (!known.get().contains(uid)) {
        volumes.tearDown(uid);
        log.info("Removed the volumes of pod uid {}, which no longer exists", uid);
      }
    }
  }
}
