package io.kava.controllermanager.daemonset;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
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
import io.kava.controllermanager.util.OwnedPodHandler;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Clock;
import java.util.Optional;

/**
 * One pod of every DaemonSet on each node that should run it (upstream pkg/controller/daemon). Pod
 * events enqueue their owner and settle expectations; node events enqueue every DaemonSet, since a
 * new node, a label or a taint can change where each one belongs. {@link DaemonSetSyncer} does the work.
 */
public final class DaemonSetController implements Controller {
  public static final String NAME = "daemonset";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final ControllerExpectations expectations;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<DaemonSet> daemonSets;
  private DaemonSetSyncer syncer;

  public DaemonSetController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "daemonset-controller", ""), Clock.systemUTC());
  }

  public DaemonSetController(KavaClient client, EventRecorder recorder, Clock clock) {
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
    var dsInformer = informers.informer(DaemonSet.class);
    var podInformer = informers.informer(Pod.class);
    var nodeInformer = informers.informer(Node.class);
    daemonSets = dsInformer.lister();
    syncer = new DaemonSetSyncer(client, daemonSets, podInformer.lister(), nodeInformer.lister(),
        informers.informer(ControllerRevision.class).lister(), expectations, recorder, clock);
    dsInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(DaemonSet ds) {
        enqueue(ds);
      }

      @Override
      public void onUpdate(DaemonSet old, DaemonSet ds) {
        enqueue(ds);
      }

      @Override
      public void onDelete(DaemonSet ds) {
        expectations.delete(ApiObjects.key(ds));
        enqueue(ds);
      }
    });
    podInformer.addEventHandler(new OwnedPodHandler<>(this::owner, expectations, this::enqueue));
    nodeInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        enqueueAll();
      }

      @Override
      public void onUpdate(Node old, Node node) {
        if (!old.getMetadata().getLabelsMap().equals(node.getMetadata().getLabelsMap())
            || !old.getSpec().getTaintsList().equals(node.getSpec().getTaintsList())
            || !old.getMetadata().getDeletionTimestamp().equals(node.getMetadata().getDeletionTimestamp())) {
          enqueueAll();
        }
      }

      @Override
      public void onDelete(Node node) {
        enqueueAll();
      }
    });
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

  /** Reconciles one DaemonSet by "namespace/name"; throws to be retried. */
  public void sync(String key) {
    syncer.sync(key);
  }

  ControllerExpectations expectations() {
    return expectations;
  }

  private void enqueue(DaemonSet ds) {
    queue.add(ApiObjects.key(ds));
  }

  private void enqueueAll() {
    daemonSets.list().forEach(this::enqueue);
  }

  private Optional<DaemonSet> owner(Pod pod) {
    return OwnerReferences.controllerOf(pod).flatMap((OwnerReference ref) ->
        OwnerReferences.resolve(daemonSets, Kinds.DAEMON_SET, pod.getMetadata().getNamespace(), ref));
  }
}
