package io.kava.controllermanager.replicaset;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.selector.Selector;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.client.workqueue.WorkQueue;
import io.kava.controllermanager.util.ActivePods;
import io.kava.controllermanager.util.ControllerExpectations;
import io.kava.controllermanager.util.ControllerRefManager;
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.PodTemplates;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.Selectors;
import io.kava.controllermanager.util.SlowStart;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ReplicaSet's sync (upstream syncReplicaSet): claim the active pods that match, create or delete
 * pods to reach spec.replicas unless own writes are still in flight (expectations), then write status
 * if it changed. Reads only from listers; writes through the client; throws to be retried.
 */
final class ReplicaSetSyncer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicaSetSyncer.class);
  /** Upstream BurstReplicas: at most this many creates or deletes per sync. */
  static final int BURST_REPLICAS = 500;
  private static final int WRITE_THREADS = 16;

  private final ResourceClient<ReplicaSet> rsClient;
  private final ResourceClient<Pod> podClient;
  private final Lister<ReplicaSet> replicaSets;
  private final Lister<Pod> pods;
  private final ControllerExpectations expectations;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue;
  private final ExecutorService writers;

  ReplicaSetSyncer(KavaClient client, Lister<ReplicaSet> replicaSets, Lister<Pod> pods,
      ControllerExpectations expectations, EventRecorder recorder, Clock clock, WorkQueue queue) {
    this.rsClient = client.resource(ReplicaSet.class);
    this.podClient = client.resource(Pod.class);
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.expectations = expectations;
    this.recorder = recorder;
    this.clock = clock;
    this.queue = queue;
    AtomicInteger n = new AtomicInteger();
    this.writers = Executors.newFixedThreadPool(WRITE_THREADS, r -> {
      Thread t = new Thread(r, "replicaset-writer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  void sync(String key) throws InterruptedException {
    Optional<ReplicaSet> cached = replicaSets.get(key);
    if (cached.isEmpty()) {
      expectations.delete(key);
      return;
    }
    ReplicaSet rs = cached.get();
    boolean needsSync = expectations.satisfied(key);
    LabelSelector selector = rs.getSpec().getSelector();
    if (Selectors.isEmpty(selector)) {
      log.warn("Ignored ReplicaSet {}: spec.selector: must not be empty", key);
      return;
    }
    Selector podSelector;
    try {
      podSelector = Selectors.of(selector);
    } catch (IllegalArgumentException e) {
      log.warn("Ignored ReplicaSet {}: spec.selector: {}", key, e.getMessage());
      return;
    }

    String namespace = rs.getMetadata().getNamespace();
    List<Pod> active = pods.list(namespace, Pods::isActive);
    List<Pod> owned = new ControllerRefManager<>(podClient, rs,
        pod -> podSelector.matches(pod.getMetadata().getLabelsMap()),
        () -> rsClient.get(namespace, rs.getMetadata().getName())).claim(active);

    RuntimeException manageError = null;
    if (needsSync && rs.getMetadata().getDeletionTimestamp().isEmpty()) {
      manageError = manageReplicas(key, rs, owned);
    }

    ReplicaSetStatus status = ReplicaSetStatuses.calculate(rs, owned, manageError, clock.instant());
    ReplicaSetStatus written = ReplicaSetStatuses.differs(rs, status)
        ? rsClient.updateStatus(rs.toBuilder().setStatus(status).build()).getStatus()
        : rs.getStatus();

    int replicas = ReplicaSetStatuses.desiredReplicas(rs);
    int minReady = rs.getSpec().getMinReadySeconds();
    if (manageError == null && minReady > 0 && written.getReadyReplicas() == replicas
        && written.getAvailableReplicas() != replicas) {
      // Becoming available is not an event: look again when the ready pods will have become available.
      queue.addAfter(key, Duration.ofSeconds(minReady));
    }
    if (manageError != null) {
      throw manageError;
    }
  }

  /** Creates or deletes the difference; returns the first error instead of throwing, so status is still written. */
  private RuntimeException manageReplicas(String key, ReplicaSet rs, List<Pod> owned) throws InterruptedException {
    int diff = owned.size() - ReplicaSetStatuses.desiredReplicas(rs);
    if (diff < 0) {
      return createPods(key, rs, Math.min(-diff, BURST_REPLICAS));
    }
    if (diff > 0) {
      return deletePods(key, rs, owned, Math.min(diff, BURST_REPLICAS));
    }
    return null;
  }

  private RuntimeException createPods(String key, ReplicaSet rs, int count) throws InterruptedException {
    expectations.expectCreations(key, count);
    String namespace = rs.getMetadata().getNamespace();
    Pod pod = PodTemplates.podFromTemplate(rs.getSpec().getTemplate(), namespace,
        rs.getMetadata().getName() + "-", OwnerReferences.newControllerRef(rs));
    SlowStart.Result result = SlowStart.run(count, SlowStart.INITIAL_BATCH_SIZE, writers, () -> {
      try {
        Pod created = podClient.create(pod);
        recorder.normal(rs, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
      } catch (ApiException e) {
        recorder.warning(rs, "FailedCreate", "Error creating: " + e.getMessage());
        throw e;
      }
    });
    // Pods never created will never be observed: stop expecting them, the next sync tries again.
    for (int i = result.successes(); i < count; i++) {
      expectations.creationObserved(key);
    }
    if (result.successes() > 0) {
      log.info("Created {} pods for ReplicaSet {}", result.successes(), key);
    }
    return result.error();
  }

  private RuntimeException deletePods(String key, ReplicaSet rs, List<Pod> owned, int count)
      throws InterruptedException {
    List<Pod> victims = new ArrayList<>(owned);
    victims.sort(ActivePods.DELETION_ORDER);
    victims = victims.subList(0, count);
    expectations.expectDeletions(key, victims.stream().map(ApiObjects::key).toList());
    List<Future<?>> futures = new ArrayList<>();
    for (Pod victim : victims) {
      futures.add(writers.submit(() -> deletePod(key, rs, victim)));
    }
    RuntimeException firstError = null;
    int deleted = 0;
    for (Future<?> f : futures) {
      try {
        f.get();
        deleted++;
      } catch (ExecutionException e) {
        if (firstError == null && e.getCause() instanceof RuntimeException re) {
          firstError = re;
        }
      }
    }
    if (deleted > 0) {
      log.info("Deleted {} pods of ReplicaSet {}", deleted, key);
    }
    return firstError;
  }

  private void deletePod(String key, ReplicaSet rs, Pod pod) {
    String name = pod.getMetadata().getName();
    try {
      podClient.delete(pod.getMetadata().getNamespace(), name, DeleteOptions.defaults());
      recorder.normal(rs, "SuccessfulDelete", "Deleted pod: " + name);
    } catch (ApiException e) {
      // This delete will not be observed; a pod already gone needs no retry.
      expectations.deletionObserved(key, ApiObjects.key(pod));
      if (!e.isNotFound()) {
        recorder.warning(rs, "FailedDelete", "Error deleting: " + e.getMessage());
        throw e;
      }
    }
  }

  @Override
  public void close() {
    writers.shutdownNow();
  }
}
