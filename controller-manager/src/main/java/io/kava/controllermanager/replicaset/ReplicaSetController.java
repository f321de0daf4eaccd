package io.kava.controllermanager.replicaset;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kinds;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.ControllerExpectations;
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.Selectors;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps spec.replicas pods running for every ReplicaSet (upstream pkg/controller/replicaset). Event
 * handlers only work out which ReplicaSet a pod change concerns and enqueue its key, lowering
 * expectations on the way; {@link ReplicaSetSyncer} does the work.
 */
public final class ReplicaSetController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(ReplicaSetController.class);
  public static final String NAME = "replicaset";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final ControllerExpectations expectations;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<ReplicaSet> replicaSets;
  private Lister<Pod> pods;
  private ReplicaSetSyncer syncer;

  public ReplicaSetController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "replicaset-controller", ""), Clock.systemUTC());
  }

  public ReplicaSetController(KavaClient client, EventRecorder recorder, Clock clock) {
    this.client = client;
    this.recorder = recorder;
    this.clock = clock;
    this.expectations = new ControllerExpectations(clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var rsInformer = informers.informer(ReplicaSet.class);
    var podInformer = informers.informer(Pod.class);
    replicaSets = rsInformer.lister();
    pods = podInformer.lister();
    syncer = new ReplicaSetSyncer(client, replicaSets, pods, expectations, recorder, clock, queue);
    rsInformer.addEventHandler(new ReplicaSetHandler());
    podInformer.addEventHandler(new PodHandler());
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    if (syncer != null) {
      syncer.close();
    }
    recorder.close();
  }

  /** Reconciles one ReplicaSet by "namespace/name"; throws to be retried. */
  public void sync(String key) throws Exception {
    syncer.sync(key);
  }

  WorkQueue queue() {
    return queue;
  }

  ControllerExpectations expectations() {
    return expectations;
  }

  private void enqueue(ReplicaSet rs) {
    queue.add(ApiObjects.key(rs));
  }

  /** The ReplicaSet a controller reference names, if the cache holds it with the same uid. */
  private Optional<ReplicaSet> resolve(String namespace, OwnerReference ref) {
    return OwnerReferences.resolve(replicaSets, Kinds.REPLICA_SET, namespace, ref);
  }

  /** Every ReplicaSet in the pod's namespace whose (valid, non-empty) selector matches it. */
  private void enqueueMatching(Pod pod) {
    for (ReplicaSet rs : replicaSets.list(pod.getMetadata().getNamespace())) {
      if (Selectors.selects(rs.getSpec().getSelector(), pod.getMetadata().getLabelsMap())) {
        enqueue(rs);
      }
    }
  }

  private final class ReplicaSetHandler implements ResourceEventHandler<ReplicaSet> {
    @Override
    public void onAdd(ReplicaSet rs) {
      enqueue(rs);
    }

    @Override
    public void onUpdate(ReplicaSet old, ReplicaSet rs) {
      if (!old.getMetadata().getUid().equals(rs.getMetadata().getUid())) {
        expectations.delete(ApiObjects.key(old));
      }
      enqueue(rs);
    }

    @Override
    public void onDelete(ReplicaSet rs) {
      expectations.delete(ApiObjects.key(rs));
      enqueue(rs);
    }
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      if (Pods.isTerminating(pod)) {
        // Seen for the first time already going away (e.g. after a restart): a deletion, not a creation.
        onDelete(pod);
        return;
      }
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isPresent()) {
        resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(rs -> {
          expectations.creationObserved(ApiObjects.key(rs));
          enqueue(rs);
        });
        return;
      }
      enqueueMatching(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      if (old.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) {
        return; // periodic resync: the ReplicaSets' own resync covers it
      }
      boolean labelsChanged = !old.getMetadata().getLabelsMap().equals(pod.getMetadata().getLabelsMap());
      if (Pods.isTerminating(pod)) {
        // Graceful deletion started: the ReplicaSet may replace it now, not when the kubelet is done.
        onDelete(pod);
        if (labelsChanged) {
          onDelete(old);
        }
        return;
      }
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
      boolean refChanged = !Objects.equals(ref, oldRef);
      if (refChanged && oldRef.isPresent()) {
        resolve(old.getMetadata().getNamespace(), oldRef.get()).ifPresent(ReplicaSetController.this::enqueue);
      }
      if (ref.isPresent()) {
        resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(rs -> {
          enqueue(rs);
          int minReady = rs.getSpec().getMinReadySeconds();
          if (minReady > 0 && !Pods.isReady(old) && Pods.isReady(pod)) {
            // Nothing else changes when the pod becomes available: look again once it has.
            queue.addAfter(ApiObjects.key(rs), Duration.ofSeconds(minReady + 1L));
          }
        });
        return;
      }
      if (labelsChanged || refChanged) {
        enqueueMatching(pod);
      }
    }

    @Override
    public void onDelete(Pod pod) {
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isEmpty()) {
        return;
      }
      resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(rs -> {
        String rsKey = ApiObjects.key(rs);
        expectations.deletionObserved(rsKey, ApiObjects.key(pod));
        queue.add(rsKey);
        log.debug("Observed deletion of pod {} of {}", ApiObjects.key(pod), rsKey);
      });
    }
  }
}
