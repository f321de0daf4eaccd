package io.kava.controllermanager.gc;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kinds;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.util.List;
import java.util.Objects;

/**
 * Deletes what nobody owns any more (upstream pkg/controller/garbagecollector), for Deployments,
 * ReplicaSets, Pods, Jobs, Services and EndpointSlices. Level-driven: at start every object whose owners are gone is queued by
 * the informers' initial adds, so dependents of owners deleted while the collector was down are
 * collected too. Event handlers only queue graph nodes; {@link GarbageCollectorSync} decides.
 */
public final class GarbageCollector implements Controller {
  public static final String NAME = "garbagecollector";
  public static final String ORPHAN_FINALIZER = "orphan";
  public static final String FOREGROUND_FINALIZER = "foregroundDeletion";
  static final String BACKGROUND = "Background";
  static final String FOREGROUND = "Foreground";
  static final String ORPHAN = "Orphan";

  private static final List<Class<? extends Message>> KINDS =
      List.of(Deployment.class, ReplicaSet.class, Pod.class, Job.class, Service.class, EndpointSlice.class,
          StatefulSet.class, DaemonSet.class, PersistentVolumeClaim.class, ControllerRevision.class);

  private final WorkQueue queue = new WorkQueue(NAME);
  private final ObjectGraph graph = new ObjectGraph();
  private final OwnerResolver resolver;
  private final GarbageCollectorSync syncer;

  public GarbageCollector(KavaClient client) {
    this.resolver = new OwnerResolver(client, graph);
    this.syncer = new GarbageCollectorSync(client, graph, resolver, this::enqueue);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    for (Class<? extends Message> type : KINDS) {
      register(informers, type);
    }
  }

  private <T extends Message> void register(InformerFactory informers, Class<T> type) {
    SharedInformer<T> informer = informers.informer(type);
    graph.add(type, informer);
    informer.addEventHandler(new GraphHandler<>());
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  /** Processes one graph node by key ("pods:default/web-x7k2p"); throws to be retried. */
  public void sync(String key) {
    syncer.sync(GcItem.parse(key));
  }

  WorkQueue queue() {
    return queue;
  }

  private void enqueue(Message object) {
    queue.add(GcItem.of(object).key());
  }

  /** Whether the collector has anything to decide about this object itself. */
  private static boolean needsAttention(Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    if (!meta.getDeletionTimestamp().isEmpty()) {
      return meta.getFinalizersList().contains(ORPHAN_FINALIZER)
          || meta.getFinalizersList().contains(FOREGROUND_FINALIZER);
    }
    return meta.getOwnerReferencesCount() > 0;
  }

  /** Owners that may be waiting on this object: those in foreground deletion re-check their dependents. */
  private void enqueueWaitingOwners(Message dependent) {
    ObjectMeta meta = ApiObjects.meta(dependent);
    for (OwnerReference ref : meta.getOwnerReferencesList()) {
      Kinds.byKind(ref.getApiVersion(), ref.getKind())
          .flatMap(kind -> graph.get(kind, kind.namespaced() ? meta.getNamespace() : "", ref.getName()))
          .filter(owner -> ApiObjects.meta(owner).getUid().equals(ref.getUid()))
          .filter(owner -> !ApiObjects.meta(owner).getDeletionTimestamp().isEmpty())
          .ifPresent(this::enqueue);
    }
  }

  private final class GraphHandler<T extends Message> implements ResourceEventHandler<T> {
    @Override
    public void onWatchExpired() {
      resolver.forgetAbsentOwners();
    }

    @Override
    public void onAdd(T object) {
      if (needsAttention(object)) {
        enqueue(object);
      }
    }

    @Override
    public void onUpdate(T old, T object) {
      if (needsAttention(object)) {
        enqueue(object);
      }
      ObjectMeta before = ApiObjects.meta(old);
      ObjectMeta after = ApiObjects.meta(object);
      if (!Objects.equals(before.getOwnerReferencesList(), after.getOwnerReferencesList())) {
        // A reference dropped or made non-blocking may be what a foreground owner waits for.
        enqueueWaitingOwners(old);
      }
      if (!before.getUid().equals(after.getUid())) {
        graph.dependentsOf(before.getUid()).forEach(GarbageCollector.this::enqueue);
      }
    }

    @Override
    public void onDelete(T object) {
      // Its dependents may now be dangling, and owners deleting in the foreground may be done.
      graph.dependentsOf(ApiObjects.meta(object).getUid()).forEach(GarbageCollector.this::enqueue);
      enqueueWaitingOwners(object);
    }
  }
}
