package io.kava.controllermanager.deployment;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
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
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.Selectors;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls Deployments out through ReplicaSets (upstream pkg/controller/deployment). Event handlers only
 * work out which Deployment a change concerns and enqueue its key; {@link DeploymentSyncer} does the
 * work. Pods are watched only so that a Recreate rollout knows when the last old pod is gone.
 */
public final class DeploymentController implements Controller {
  public static final String NAME = "deployment";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Deployment> deployments;
  private Lister<ReplicaSet> replicaSets;
  private Lister<Pod> pods;
  private DeploymentSyncer syncer;

  public DeploymentController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "deployment-controller", ""), Clock.systemUTC());
  }

  public DeploymentController(KavaClient client, EventRecorder recorder, Clock clock) {
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
    var dInformer = informers.informer(Deployment.class);
    var rsInformer = informers.informer(ReplicaSet.class);
    var podInformer = informers.informer(Pod.class);
    deployments = dInformer.lister();
    replicaSets = rsInformer.lister();
    pods = podInformer.lister();
    PendingWrites pending = new PendingWrites(clock, Map.<String, Lister<? extends Message>>of(
        Kinds.DEPLOYMENT.resource(), deployments, Kinds.REPLICA_SET.resource(), replicaSets));
    DeploymentWrites writes = new DeploymentWrites(client.resource(Deployment.class), client.resource(ReplicaSet.class),
        recorder, pending);
    syncer = new DeploymentSyncer(deployments, replicaSets, pods, writes, pending, clock, queue::addAfter);
    dInformer.addEventHandler(new DeploymentHandler());
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
    recorder.close();
  }

  /** Reconciles one Deployment by "namespace/name"; throws to be retried. */
  public void sync(String key) {
    syncer.sync(key);
  }

  WorkQueue queue() {
    return queue;
  }

  /** Whether the caches have seen every write the last syncs of this Deployment made. */
  boolean cachesCaughtUp(String key) {
    return syncer.pending().caughtUp(key);
  }

  private void enqueue(Deployment d) {
    queue.add(ApiObjects.key(d));
  }

  /** The Deployment a controller reference names, if the cache holds it with the same uid. */
  private Optional<Deployment> resolve(String namespace, OwnerReference ref) {
    return OwnerReferences.resolve(deployments, Kinds.DEPLOYMENT, namespace, ref);
  }

  /** Deployments whose (valid, non-empty) selector matches an orphan ReplicaSet's labels: one may adopt it. */
  private List<Deployment> matching(ReplicaSet rs) {
    if (rs.getMetadata().getLabelsCount() == 0) {
      return List.of();
    }
    return deployments.list(rs.getMetadata().getNamespace(),
        d -> Selectors.selects(d.getSpec().getSelector(), rs.getMetadata().getLabelsMap()));
  }

  private final class DeploymentHandler implements ResourceEventHandler<Deployment> {
    @Override
    public void onRevisionWentBack() {
      syncer.pending().forgetAll(); // writes of a history etcd no longer has: the caches never show them
    }

    @Override
    public void onAdd(Deployment d) {
      enqueue(d);
    }

    @Override
    public void onUpdate(Deployment old, Deployment d) {
      enqueue(d);
    }

    @Override
    public void onDelete(Deployment d) {
      enqueue(d);
    }
  }

  private final class ReplicaSetHandler implements ResourceEventHandler<ReplicaSet> {
    @Override
    public void onRevisionWentBack() {
      syncer.pending().forgetAll(); // writes of a history etcd no longer has: the caches never show them
    }

    @Override
    public void onAdd(ReplicaSet rs) {
      if (!rs.getMetadata().getDeletionTimestamp().isEmpty()) {
        // Seen for the first time already going away (e.g. after a restart).
        onDelete(rs);
        return;
      }
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(rs);
      if (ref.isPresent()) {
        resolve(rs.getMetadata().getNamespace(), ref.get()).ifPresent(DeploymentController.this::enqueue);
        return;
      }
      matching(rs).forEach(DeploymentController.this::enqueue);
    }

    @Override
    public void onUpdate(ReplicaSet old, ReplicaSet rs) {
      if (old.getMetadata().getResourceVersion().equals(rs.getMetadata().getResourceVersion())) {
        return; // periodic resync: the Deployments' own resync covers it
      }
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(rs);
      Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
      boolean refChanged = !Objects.equals(ref, oldRef);
      if (refChanged && oldRef.isPresent()) {
        resolve(old.getMetadata().getNamespace(), oldRef.get()).ifPresent(DeploymentController.this::enqueue);
      }
      if (ref.isPresent()) {
        resolve(rs.getMetadata().getNamespace(), ref.get()).ifPresent(DeploymentController.this::enqueue);
        return;
      }
      boolean labelsChanged = !old.getMetadata().getLabelsMap().equals(rs.getMetadata().getLabelsMap());
      if (labelsChanged || refChanged) {
        matching(rs).forEach(DeploymentController.this::enqueue);
      }
    }

    @Override
    public void onDelete(ReplicaSet rs) {
      OwnerReferences.controllerOf(rs)
          .flatMap(ref -> resolve(rs.getMetadata().getNamespace(), ref))
          .ifPresent(DeploymentController.this::enqueue);
    }
  }

  /** A Recreate Deployment waits for its old pods to go: the last one going wakes it. */
  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onDelete(Pod pod) {
      Optional<Deployment> d = deploymentOf(pod);
      if (d.isEmpty() || !DeploymentSpecs.isRecreate(d.get())) {
        return;
      }
      if (!hasPods(d.get())) {
        enqueue(d.get());
      }
    }

    private Optional<Deployment> deploymentOf(Pod pod) {
      String ns = pod.getMetadata().getNamespace();
      return OwnerReferences.controllerOf(pod)
          .filter(ref -> OwnerReferences.refersTo(ref, Kinds.REPLICA_SET))
          .flatMap(ref -> replicaSets.get(ns, ref.getName()).filter(rs -> rs.getMetadata().getUid().equals(ref.getUid())))
          .flatMap(OwnerReferences::controllerOf)
          .flatMap(ref -> resolve(ns, ref));
    }

    /** Whether any pod in the namespace is controlled by one of the Deployment's ReplicaSets. */
    private boolean hasPods(Deployment d) {
      String ns = d.getMetadata().getNamespace();
      var rsUids = replicaSets.list(ns).stream()
          .filter(rs -> OwnerReferences.isControlledBy(rs, d.getMetadata().getUid()))
          .map(rs -> rs.getMetadata().getUid()).toList();
      return pods.list(ns).stream().anyMatch(p -> OwnerReferences.controllerOf(p)
          .map(ref -> rsUids.contains(ref.getUid())).orElse(false));
    }
  }
}
