package io.kava.controllermanager.statefulset;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetStatus;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodTemplateSpec;
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
import io.kava.controllermanager.util.ControllerRefManager;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.Selectors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One StatefulSet's sync (upstream StatefulSetControl.UpdateStatefulSet): claim its pods, create the
 * missing ordinals (claims first), replace failed ones, delete the condemned from the highest ordinal
 * down, roll pods of an old revision from the highest ordinal down to the partition, then write status.
 * OrderedReady waits for each pod to be Running and Ready before touching the next; Parallel does not.
 * The template's ControllerRevision is made (or re-used) first; a pod below the partition is made from
 * the current revision's template; revisions beyond revisionHistoryLimit that no pod uses go last.
 * Reads only from listers; writes through the client; throws to be retried.
 */
final class StatefulSetSyncer {
  private static final Logger log = LoggerFactory.getLogger(StatefulSetSyncer.class);
  static final String PARALLEL = "Parallel";
  static final String ON_DELETE = "OnDelete";

  private final ResourceClient<StatefulSet> setClient;
  private final ResourceClient<Pod> podClient;
  private final ResourceClient<PersistentVolumeClaim> claimClient;
  private final Lister<StatefulSet> sets;
  private final Lister<Pod> pods;
  private final Lister<PersistentVolumeClaim> claims;
  private final ControllerHistory history;
  private final EventRecorder recorder;
  private final Clock clock;

  StatefulSetSyncer(KavaClient client, Lister<StatefulSet> sets, Lister<Pod> pods,
      Lister<PersistentVolumeClaim> claims, Lister<ControllerRevision> revisions, EventRecorder recorder, Clock clock) {
    this.setClient = client.resource(StatefulSet.class);
    this.podClient = client.resource(Pod.class);
    this.claimClient = client.resource(PersistentVolumeClaim.class);
    this.sets = sets;
    this.pods = pods;
    this.claims = claims;
    this.history = new ControllerHistory(client.resource(ControllerRevision.class), revisions);
    this.recorder = recorder;
    this.clock = clock;
  }

  void sync(String key) {
    Optional<StatefulSet> cached = sets.get(key);
    if (cached.isEmpty()) {
      return;
    }
    StatefulSet set = cached.get();
    if (Selectors.isEmpty(set.getSpec().getSelector())) {
      log.warn("Ignored StatefulSet {}: spec.selector: must not be empty", key);
      return;
    }
    Selector selector;
    try {
      selector = Selectors.of(set.getSpec().getSelector());
    } catch (IllegalArgumentException e) {
      log.warn("Ignored StatefulSet {}: spec.selector: {}", key, e.getMessage());
      return;
    }
    String namespace = set.getMetadata().getNamespace();
    // Terminating and finished pods count too: their names are taken until they are gone.
    List<Pod> owned = new ControllerRefManager<>(podClient, set,
        pod -> selector.matches(pod.getMetadata().getLabelsMap()) && StatefulPods.ordinal(set, pod).isPresent(),
        () -> setClient.get(namespace, set.getMetadata().getName())).claim(pods.list(namespace));

    RuntimeException error = null;
    StatefulSetStatus status;
    ControllerHistory.Snapshot revisions = null;
    if (set.getMetadata().getDeletionTimestamp().isEmpty()) {
      revisions = history.sync(set, set.getSpec().getTemplate(), collisionCount(set), List.of());
      String updateRevision = revisions.update().getMetadata().getName();
      ControllerRevision current = revisions.named(set.getStatus().getCurrentRevision());
      String currentRevision = current == null ? updateRevision : current.getMetadata().getName();
      try {
        new Plan(set, owned, updateRevision, currentRevision, currentTemplate(set, current)).run();
      } catch (ApiException e) {
        error = e;
      }
      status = StatefulSetStatuses.calculate(set, owned, currentRevision, updateRevision, clock.instant());
      if (revisions.collisionCount() != null) {
        status = status.toBuilder().setCollisionCount(revisions.collisionCount()).build();
      }
    } else {
      String updateRevision = updateRevision(set);
      String currentRevision = set.getStatus().getCurrentRevision().isEmpty()
          ? updateRevision : set.getStatus().getCurrentRevision();
      status = StatefulSetStatuses.calculate(set, owned, currentRevision, updateRevision, clock.instant());
    }
    if (!status.equals(set.getStatus())) {
      setClient.updateStatus(set.toBuilder().setStatus(status).build());
    }
    if (error != null) {
      throw error;
    }
    if (revisions != null) {
      // Upstream truncateHistory: the current and update revisions and every pod's revision are live.
      Set<String> live = new HashSet<>(List.of(status.getCurrentRevision(), status.getUpdateRevision()));
      owned.forEach(pod -> live.add(StatefulPods.revision(pod)));
      history.prune(revisions.all(), live, set.getSpec().hasRevisionHistoryLimit()
          ? set.getSpec().getRevisionHistoryLimit() : ControllerHistory.DEFAULT_LIMIT);
    }
  }

  /** {@code <set>-<hash of the template>}, the controller-revision-hash of pods made from today's template. */
  static String updateRevision(StatefulSet set) {
    return ControllerRevisions.name(set.getMetadata().getName(),
        PodTemplateHash.compute(set.getSpec().getTemplate(), collisionCount(set)));
  }

  private static Integer collisionCount(StatefulSet set) {
    return set.getStatus().hasCollisionCount() ? set.getStatus().getCollisionCount() : null;
  }

  /** The template pods of the current revision are made from (upstream ApplyRevision); today's if unreadable. */
  private static PodTemplateSpec currentTemplate(StatefulSet set, ControllerRevision current) {
    if (current == null) {
      return set.getSpec().getTemplate();
    }
    try {
      return ControllerRevisions.template(current);
    } catch (IllegalArgumentException e) {
      log.warn("Made pods of StatefulSet {} from today's template: {}", ApiObjects.key(set), e.getMessage());
      return set.getSpec().getTemplate();
    }
  }

  /** One pass over the ordinals; returns early wherever OrderedReady must wait. */
  private final class Plan {
    private final StatefulSet set;
    private final String key;
    private final String updateRevision;
    private final String currentRevision;
    private final PodTemplateSpec currentTemplate;
    private final boolean ordered;
    private final int replicas;
    private final Pod[] byOrdinal;
    private final List<Pod> condemned = new ArrayList<>();

    Plan(StatefulSet set, List<Pod> owned, String updateRevision, String currentRevision,
        PodTemplateSpec currentTemplate) {
      this.set = set;
      this.key = ApiObjects.key(set);
      this.updateRevision = updateRevision;
      this.currentRevision = currentRevision;
      this.currentTemplate = currentTemplate;
      this.ordered = !PARALLEL.equals(set.getSpec().getPodManagementPolicy());
      this.replicas = set.getSpec().getReplicas();
      int start = set.getSpec().getOrdinals().getStart();
      this.byOrdinal = new Pod[replicas];
      for (Pod pod : owned) {
        int ordinal = StatefulPods.ordinal(set, pod).orElseThrow();
        if (ordinal >= start && ordinal < start + replicas) {
          byOrdinal[ordinal - start] = pod;
        } else {
          condemned.add(pod);
        }
      }
      // Highest ordinal first, as upstream scales down.
      condemned.sort((a, b) -> Integer.compare(ordinalOf(b), ordinalOf(a)));
    }

    void run() {
      int start = set.getSpec().getOrdinals().getStart();
      for (int i = 0; i < replicas; i++) {
        Pod pod = byOrdinal[i];
        int ordinal = start + i;
        if (pod != null && isFinished(pod) && !Pods.isTerminating(pod)) {
          // A failed or succeeded pod is deleted and made again under the same name.
          deletePod(pod, "Failed");
          if (ordered) {
            return;
          }
          continue;
        }
        if (pod == null) {
          createClaims(ordinal);
          createPod(newPod(ordinal));
          if (ordered) {
            return;
          }
          continue;
        }
        createClaims(ordinal);
        if (ordered && !isRunningAndReady(pod)) {
          log.debug("StatefulSet {} is waiting for pod {} to be Running and Ready", key, pod.getMetadata().getName());
          return;
        }
      }
      for (Pod pod : condemned) {
        if (Pods.isTerminating(pod)) {
          if (ordered) {
            return; // one at a time: the next waits until this one is gone
          }
          continue;
        }
        if (ordered && !allReady()) {
          return;
        }
        deletePod(pod, "ScaleDown");
        if (ordered) {
          return;
        }
      }
      if (ON_DELETE.equals(set.getSpec().getUpdateStrategy().getType())) {
        return;
      }
      rollingUpdate(start);
    }

    /** From the highest ordinal down to the partition, one unavailable pod at a time. */
    private void rollingUpdate(int start) {
      int partition = set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
      for (int i = replicas - 1; i >= partition - start && i >= 0; i--) {
        Pod pod = byOrdinal[i];
        if (pod == null || !isRunningAndReady(pod)) {
          return; // a pod on its way out or not yet back: wait for it
        }
        if (!StatefulPods.revision(pod).equals(updateRevision)) {
          log.info("StatefulSet {} replaced pod {} for revision {}", key, pod.getMetadata().getName(), updateRevision);
          deletePod(pod, "RollingUpdate");
          return;
        }
      }
    }

    /**
     * Upstream newVersionedStatefulSetPod: under RollingUpdate an ordinal below the partition keeps the
     * current revision; every other ordinal gets today's.
     */
    private Pod newPod(int ordinal) {
      boolean rolling = !ON_DELETE.equals(set.getSpec().getUpdateStrategy().getType());
      if (rolling && ordinal < set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()) {
        return StatefulPods.newPod(set, currentTemplate, currentRevision, ordinal);
      }
      return StatefulPods.newPod(set, set.getSpec().getTemplate(), updateRevision, ordinal);
    }

    private boolean allReady() {
      for (Pod pod : byOrdinal) {
        if (pod == null || !isRunningAndReady(pod)) {
          return false;
        }
      }
      return true;
    }

    private int ordinalOf(Pod pod) {
      return StatefulPods.ordinal(set, pod).orElse(-1);
    }

    /** A claim that already exists is reused as it is: that is what makes the storage stable. */
    private void createClaims(int ordinal) {
      for (PersistentVolumeClaim claim : StatefulPods.claims(set, ordinal)) {
        if (claims.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName()).isPresent()) {
          continue;
        }
        try {
          claimClient.create(claim);
          recorder.normal(set, "SuccessfulCreate", "create Claim " + claim.getMetadata().getName() + " Pod "
              + StatefulPods.podName(set, ordinal) + " in StatefulSet " + set.getMetadata().getName() + " success");
        } catch (ApiException e) {
          if (!e.isAlreadyExists()) {
            recorder.warning(set, "FailedCreate", "create Claim " + claim.getMetadata().getName() + " for Pod "
                + StatefulPods.podName(set, ordinal) + " in StatefulSet " + set.getMetadata().getName()
                + " failed error: " + e.getMessage());
            throw e;
          }
        }
      }
    }

    private void createPod(Pod pod) {
      String name = pod.getMetadata().getName();
      try {
        podClient.create(pod);
        log.info("Created pod {} of StatefulSet {}", name, key);
        recorder.normal(set, "SuccessfulCreate", "create Pod " + name + " in StatefulSet "
            + set.getMetadata().getName() + " successful");
      } catch (ApiException e) {
        if (e.isAlreadyExists()) {
          return; // our own earlier create, not yet in the cache
        }
        recorder.warning(set, "FailedCreate", "create Pod " + name + " in StatefulSet "
            + set.getMetadata().getName() + " failed error: " + e.getMessage());
        throw e;
      }
    }

    private void deletePod(Pod pod, String why) {
      String name = pod.getMetadata().getName();
      try {
        podClient.delete(pod.getMetadata().getNamespace(), name, DeleteOptions.defaults());
        log.info("Deleted pod {} of StatefulSet {} ({})", name, key, why);
        recorder.normal(set, "SuccessfulDelete", "delete Pod " + name + " in StatefulSet "
            + set.getMetadata().getName() + " successful");
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          recorder.warning(set, "FailedDelete", "delete Pod " + name + " in StatefulSet "
              + set.getMetadata().getName() + " failed error: " + e.getMessage());
          throw e;
        }
      }
    }
  }

  static boolean isFinished(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return Pods.PHASE_SUCCEEDED.equals(phase) || Pods.PHASE_FAILED.equals(phase);
  }

  static boolean isRunningAndReady(Pod pod) {
    return Pods.PHASE_RUNNING.equals(pod.getStatus().getPhase()) && Pods.isReady(pod) && !Pods.isTerminating(pod);
  }
}
