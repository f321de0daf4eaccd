package io.kava.controllermanager.disruption;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.policy.DisruptionBudgets;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.time.Clock;

/**
 * Keeps every PodDisruptionBudget's status (disruptionsAllowed and the rest) up to date from the pods
 * it covers (upstream pkg/controller/disruption). Handlers only enqueue budget keys; {@link
 * DisruptionSyncer} does the work.
 */
public final class DisruptionController implements Controller {
  public static final String NAME = "disruption";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<PodDisruptionBudget> budgets;
  private DisruptionSyncer syncer;

  public DisruptionController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "controllermanager", ""), Clock.systemUTC());
  }

  public DisruptionController(KavaClient client, EventRecorder recorder, Clock clock) {
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
    var pdbInformer = informers.informer(PodDisruptionBudget.class);
    var podInformer = informers.informer(Pod.class);
    budgets = pdbInformer.lister();
    Lister<ReplicaSet> replicaSets = informers.informer(ReplicaSet.class).lister();
    Lister<Deployment> deployments = informers.informer(Deployment.class).lister();
    syncer = new DisruptionSyncer(client.resource(PodDisruptionBudget.class), budgets, podInformer.lister(),
        new ControllerScales(replicaSets, deployments, informers.informer(StatefulSet.class).lister()),
        recorder, clock, queue);
    pdbInformer.addEventHandler(new EnqueueKeys<>(queue::add));
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueueBudgetsOf(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        enqueueBudgetsOf(old);
        enqueueBudgetsOf(pod);
      }

      @Override
      public void onDelete(Pod pod) {
        enqueueBudgetsOf(pod);
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

  /** Reconciles one budget by "namespace/name"; throws to be retried. */
  public void sync(String key) {
    syncer.sync(key);
  }

  /** Upstream getPdbForPod picks one budget; every budget covering the pod is enqueued here, which is no worse. */
  private void enqueueBudgetsOf(Pod pod) {
    for (PodDisruptionBudget pdb : budgets.list(pod.getMetadata().getNamespace())) {
      if (DisruptionBudgets.selects(pdb, pod.getMetadata().getLabelsMap())) {
        queue.add(ApiObjects.key(pdb));
      }
    }
  }
}
