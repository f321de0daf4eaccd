package io.kava.controllermanager.daemonset;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetStatus;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.IntOrString;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.history.ControllerRevisions;
import io.kava.client.informer.Lister;
import io.kava.client.selector.Selector;
import io.kava.controllermanager.deployment.PodTemplateHash;
import io.kava.controllermanager.history.ControllerHistory;
import io.kava.controllermanager.util.ControllerExpectations;
import io.kava.controllermanager.util.ControllerRefManager;
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.Selectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DaemonSet's sync (upstream syncDaemonSet): on every node that should run it exactly one pod
 * (failed ones replaced, extras deleted), none elsewhere nor for nodes that are gone; then a rolling
 * update of pods from an older template within maxUnavailable (or maxSurge); then status. Creations
 * and deletions go through expectations, as the ReplicaSet controller's do. The template's
 * ControllerRevision (upstream constructHistory) gives the pods' controller-revision-hash; old revisions
 * beyond revisionHistoryLimit that no pod was made from go at the end (upstream cleanupHistory).
 */
final class DaemonSetSyncer {
  private static final Logger log = LoggerFactory.getLogger(DaemonSetSyncer.class);

  private final ResourceClient<DaemonSet> dsClient;
  private final ResourceClient<Pod> podClient;
  private final Lister<DaemonSet> daemonSets;
  private final Lister<Pod> pods;
  private final Lister<Node> nodes;
  private final ControllerHistory history;
  private final ControllerExpectations expectations;
  private final EventRecorder recorder;
  private final Clock clock;

  DaemonSetSyncer(KavaClient client, Lister<DaemonSet> daemonSets, Lister<Pod> pods, Lister<Node> nodes,
      Lister<ControllerRevision> revisions, ControllerExpectations expectations, EventRecorder recorder, Clock clock) {
    this.dsClient = client.resource(DaemonSet.class);
    this.podClient = client.resource(Pod.class);
    this.daemonSets = daemonSets;
    this.pods = pods;
    this.nodes = nodes;
    this.history = new ControllerHistory(client.resource(ControllerRevision.class), revisions);
    this.expectations = expectations;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** The hash of today's template: the name of its revision is {@code <ds>-<hash>}. */
  static String revision(DaemonSet ds) {
    return PodTemplateHash.compute(ds.getSpec().getTemplate(), collisionCount(ds));
  }

  private static Integer collisionCount(DaemonSet ds) {
    return ds.getStatus().hasCollisionCount() ? ds.getStatus().getCollisionCount() : null;
  }

  void sync(String key) {
    Optional<DaemonSet> cached = daemonSets.get(key);
    if (cached.isEmpty()) {
      expectations.delete(key);
      return;
    }
    DaemonSet ds = cached.get();
    if (Selectors.isEmpty(ds.getSpec().getSelector())) {
      log.warn("Ignored DaemonSet {}: spec.selector: must not be empty", key);
      return;
    }
    Selector selector;
    try {
      selector = Selectors.of(ds.getSpec().getSelector());
    } catch (IllegalArgumentException e) {
      log.warn("Ignored DaemonSet {}: spec.selector: {}", key, e.getMessage());
      return;
    }
    String namespace = ds.getMetadata().getNamespace();
    List<Pod> owned = new ControllerRefManager<>(podClient, ds,
        pod -> selector.matches(pod.getMetadata().getLabelsMap()),
        () -> dsClient.get(namespace, ds.getMetadata().getName()))
        .claim(pods.list(namespace, pod -> !Pods.isTerminating(pod)));
    Map<String, List<Pod>> byNode = new HashMap<>();
    List<Pod> unplaced = new ArrayList<>();
    for (Pod pod : owned) {
      DaemonPods.nodeOf(pod).ifPresentOrElse(n -> byNode.computeIfAbsent(n, x -> new ArrayList<>()).add(pod),
          () -> unplaced.add(pod));
    }
    List<Node> allNodes = nodes.list();
    boolean deleting = !ds.getMetadata().getDeletionTimestamp().isEmpty();
    ControllerHistory.Snapshot revisions = deleting ? null : history.sync(ds, ds.getSpec().getTemplate(),
        collisionCount(ds), List.of(DaemonPods.REVISION_LABEL));
    String revision = deleting ? revision(ds) : revisions.hash();
    RuntimeException error = null;
    boolean satisfied = expectations.satisfied(key);
    if (satisfied && !deleting) {
      try {
        manage(key, ds, allNodes, byNode, unplaced, revision);
      } catch (ApiException e) {
        error = e;
      }
    }
    DaemonSetStatus status = status(ds, allNodes, byNode, revision, clock.instant());
    if (revisions != null && revisions.collisionCount() != null) {
      status = status.toBuilder().setCollisionCount(revisions.collisionCount()).build();
    }
    if (!status.equals(ds.getStatus())) {
      dsClient.updateStatus(ds.toBuilder().setStatus(status).build());
    }
    if (error != null) {
      throw error;
    }
    if (satisfied && revisions != null) {
      pruneHistory(ds, revisions);
    }
  }

  /** Upstream cleanupHistory: a revision some pod of the set (terminating ones too) was made from stays. */
  private void pruneHistory(DaemonSet ds, ControllerHistory.Snapshot revisions) {
    Set<String> live = new HashSet<>(Set.of(revisions.update().getMetadata().getName()));
    for (Pod pod : pods.list(ds.getMetadata().getNamespace(),
        p -> OwnerReferences.isControlledBy(p, ds.getMetadata().getUid()))) {
      String hash = pod.getMetadata().getLabelsOrDefault(DaemonPods.REVISION_LABEL, "");
      if (!hash.isEmpty()) {
        live.add(ControllerRevisions.name(ds.getMetadata().getName(), hash));
      }
    }
    history.prune(revisions.all(), live, ds.getSpec().hasRevisionHistoryLimit()
        ? ds.getSpec().getRevisionHistoryLimit() : ControllerHistory.DEFAULT_LIMIT);
  }

  private void manage(String key, DaemonSet ds, List<Node> allNodes, Map<String, List<Pod>> byNode,
      List<Pod> unplaced, String revision) {
    List<String> toCreate = new ArrayList<>();
    List<Pod> toDelete = new ArrayList<>(unplaced);
    Map<String, Node> nodeByName = new HashMap<>();
    for (Node node : allNodes) {
      String name = node.getMetadata().getName();
      nodeByName.put(name, node);
      List<Pod> here = byNode.getOrDefault(name, List.of());
      if (!DaemonPods.shouldRun(ds, node)) {
        toDelete.addAll(here);
        continue;
      }
      List<Pod> running = new ArrayList<>();
      for (Pod pod : here) {
        if (Pods.PHASE_FAILED.equals(pod.getStatus().getPhase())) {
          toDelete.add(pod); // made again on the next sync, as upstream (with its backoff left out)
        } else {
          running.add(pod);
        }
      }
      if (running.isEmpty()) {
        if (here.isEmpty()) {
          toCreate.add(name);
        }
      } else if (running.size() > 1 && !surging(ds)) {
        // Keep the oldest; upstream keeps the one that has been running longest.
        running.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()));
        toDelete.addAll(running.subList(1, running.size()));
      }
    }
    // Pods for nodes that are gone.
    byNode.forEach((name, list) -> {
      if (!nodeByName.containsKey(name)) {
        toDelete.addAll(list);
      }
    });
    if (toCreate.isEmpty() && toDelete.isEmpty()) {
      if (!"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType())) {
        new DaemonSetRollout(ds, allNodes, byNode, revision, clock.instant()).plan(toCreate, toDelete);
      }
    }
    createPods(key, ds, toCreate, revision);
    deletePods(key, ds, toDelete);
  }

  static boolean surging(DaemonSet ds) {
    IntOrString surge = ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge();
    return "RollingUpdate".equals(ds.getSpec().getUpdateStrategy().getType())
        && (surge.hasStrVal() ? !surge.getStrVal().matches("^0*%?$") : surge.getIntVal() > 0);
  }

  private void createPods(String key, DaemonSet ds, List<String> nodeNames, String revision) {
    if (nodeNames.isEmpty()) {
      return;
    }
    expectations.expectCreations(key, nodeNames.size());
    RuntimeException first = null;
    for (String node : nodeNames) {
      try {
        Pod created = podClient.create(DaemonPods.newPod(ds, node, revision));
        recorder.normal(ds, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
        log.info("Created pod {} of DaemonSet {} for node {}", created.getMetadata().getName(), key, node);
      } catch (ApiException e) {
        expectations.creationObserved(key);
        recorder.warning(ds, "FailedCreate", "Error creating: " + e.getMessage());
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void deletePods(String key, DaemonSet ds, List<Pod> victims) {
    if (victims.isEmpty()) {
      return;
    }
    expectations.expectDeletions(key, victims.stream().map(ApiObjects::key).toList());
    RuntimeException first = null;
    for (Pod pod : victims) {
      String name = pod.getMetadata().getName();
      try {
        podClient.delete(pod.getMetadata().getNamespace(), name, DeleteOptions.defaults());
        recorder.normal(ds, "SuccessfulDelete", "Deleted pod: " + name);
        log.info("Deleted pod {} of DaemonSet {}", name, key);
      } catch (ApiException e) {
        expectations.deletionObserved(key, ApiObjects.key(pod));
        if (!e.isNotFound()) {
          recorder.warning(ds, "FailedDelete", "Error deleting: " + e.getMessage());
          if (first == null) {
            first = e;
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Upstream updateDaemonSetStatus: counts per node, a node counting once. */
  static DaemonSetStatus status(DaemonSet ds, List<Node> allNodes, Map<String, List<Pod>> byNode, String revision,
      Instant now) {
    int desired = 0;
    int current = 0;
    int misscheduled = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    for (Node node : allNodes) {
      List<Pod> here = byNode.getOrDefault(node.getMetadata().getName(), List.of());
      boolean shouldRun = DaemonPods.shouldRun(ds, node);
      if (shouldRun) {
        desired++;
      }
      if (here.isEmpty()) {
        continue;
      }
      if (!shouldRun) {
        misscheduled++;
        continue;
      }
      current++;
      Pod newest = here.stream().max(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())).get();
      if (here.stream().anyMatch(Pods::isReady)) {
        ready++;
      }
      if (here.stream().anyMatch(p -> Pods.isAvailable(p, ds.getSpec().getMinReadySeconds(), now))) {
        available++;
      }
      if (revision.equals(newest.getMetadata().getLabelsOrDefault(DaemonPods.REVISION_LABEL, ""))) {
        updated++;
      }
    }
    return ds.getStatus().toBuilder()
        .setObservedGeneration(ds.getMetadata().getGeneration())
        .setDesiredNumberScheduled(desired)
        .setCurrentNumberScheduled(current)
        .setNumberMisscheduled(misscheduled)
        .setNumberReady(ready)
        .setNumberAvailable(available)
        .setNumberUnavailable(desired - available)
        .setUpdatedNumberScheduled(updated)
        .build();
  }
}
