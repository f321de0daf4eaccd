package io.kava.controllermanager.statefulset;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.PersistentVolumeClaim;
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
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.Selectors;
import java.time.Clock;
import java.util.Optional;

/**
 * Keeps every StatefulSet's ordinals 0..replicas-1 running under stable names, with stable claims
 * (upstream pkg/controller/statefulset). Handlers only enqueue the set a pod change concerns;
 * {@link StatefulSetSyncer} does the work. No expectations are needed: a pod's name is its identity,
 * so a create repeated from a stale cache fails with AlreadyExists instead of making a second pod.
 */
public final class StatefulSetController implements Controller {
  public static final String NAME = "statefulset";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<StatefulSet> sets;
  private StatefulSetSyncer syncer;

  public StatefulSetController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "statefulset-controller", ""), Clock.systemUTC());
  }

  public StatefulSetController(KavaClient client, EventRecorder recorder, Clock clock) {
    this.client = client;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var setInformer = informers.informer(StatefulSet.class);
    var podInformer = informers.informer(Pod.class);
    var claimInformer = informers.informer(PersistentVolumeClaim.class);
    sets = setInformer.lister();
    var revisionInformer = informers.informer(ControllerRevision.class);
    syncer = new StatefulSetSyncer(client, sets, podInformer.lister(), claimInformer.lister(),
        revisionInformer.lister(), recorder, clock);
    setInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(StatefulSet set) {
        enqueue(set);
      }

      @Override
      public void onUpdate(StatefulSet old, StatefulSet set) {
        enqueue(set);
      }

      @Override
      public void onDelete(StatefulSet set) {
        enqueue(set);
      }
    });
    podInformer.addEventHandler(new PodHandler());
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    recorder.close();
  }

  /** Reconciles one StatefulSet by "namespace/name"; throws to be retried. */
  public void sync(String key) {
    syncer.sync(key);
  }

  private void enqueue(StatefulSet set) {
    queue.add(ApiObjects.key(set));
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      enqueueOwnerOrMatching(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      if (old.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) {
        return; // periodic resync: the sets' own resync covers it
      }
      Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
      if (oldRef.isPresent() && !oldRef.equals(OwnerReferences.controllerOf(pod))) {
        owner(old, oldRef.get()).ifPresent(StatefulSetController.this::enqueue);
      }
      enqueueOwnerOrMatching(pod);
    }

    @Override
    public void onDelete(Pod pod) {
      OwnerReferences.controllerOf(pod).flatMap(ref -> owner(pod, ref)).ifPresent(StatefulSetController.this::enqueue);
    }

    private void enqueueOwnerOrMatching(Pod pod) {
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isPresent()) {
        owner(pod, ref.get()).ifPresent(StatefulSetController.this::enqueue);
        return;
      }
      for (StatefulSet set : sets.list(pod.getMetadata().getNamespace())) {
        if (Selectors.selects(set.getSpec().getSelector(), pod.getMetadata().getLabelsMap())) {
          enqueue(set);
        }
      }
    }

    private Optional<StatefulSet> owner(Pod pod, OwnerReference ref) {
      return OwnerReferences.resolve(sets, Kinds.STATEFUL_SET, pod.getMetadata().getNamespace(), ref);
    }
  }
}
