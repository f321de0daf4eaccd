package io.kava.controllermanager.gc;

import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.controllermanager.gc.OwnerResolver.State;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the collector does with one object, read fresh from the caches (upstream attemptToDeleteItem,
 * attemptToOrphan and processDeletingDependentsItem):
 * <ul>
 *   <li>being deleted with the "orphan" finalizer: strip its reference from every dependent, then drop
 *       the finalizer so the API server finishes the delete;</li>
 *   <li>being deleted with "foregroundDeletion": delete its dependents, and drop the finalizer once no
 *       dependent with blockOwnerDeletion is left;</li>
 *   <li>otherwise, if it has owners and none of them still holds it: delete it.</li>
 * </ul>
 */
final class GarbageCollectorSync {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollectorSync.class);

  private final KavaClient client;
  private final ObjectGraph graph;
  private final OwnerResolver owners;
  private final Consumer<Message> enqueue;

  GarbageCollectorSync(KavaClient client, ObjectGraph graph, OwnerResolver owners, Consumer<Message> enqueue) {
    this.client = client;
    this.graph = graph;
    this.owners = owners;
    this.enqueue = enqueue;
  }

  void sync(GcItem item) {
    Optional<Message> cached = graph.get(item);
    if (cached.isEmpty()) {
      return; // gone: its delete event already queued its dependents and owners
    }
    Message object = cached.get();
    ObjectMeta meta = ApiObjects.meta(object);
    if (!meta.getDeletionTimestamp().isEmpty()) {
      if (meta.getFinalizersList().contains(GarbageCollector.ORPHAN_FINALIZER)) {
        orphanDependents(item, object);
      } else if (meta.getFinalizersList().contains(GarbageCollector.FOREGROUND_FINALIZER)) {
        deleteDependentsFirst(item, object);
      }
      return; // otherwise already on its way out
    }
    if (meta.getOwnerReferencesCount() > 0) {
      attemptToDelete(item, object);
    }
  }

  private void attemptToDelete(GcItem item, Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    List<OwnerReference> solid = new ArrayList<>();
    List<String> danglingOrWaiting = new ArrayList<>();
    boolean anyWaiting = false;
    for (OwnerReference ref : meta.getOwnerReferencesList()) {
      State state = owners.resolve(meta.getNamespace(), ref);
      switch (state) {
        case SOLID -> solid.add(ref);
        case ABSENT -> danglingOrWaiting.add(ref.getUid());
        case WAITING_FOR_DEPENDENTS -> {
          danglingOrWaiting.add(ref.getUid());
          anyWaiting = true;
        }
      }
    }
    if (!solid.isEmpty()) {
      if (!danglingOrWaiting.isEmpty()) {
        // Another owner keeps it; only the references to gone or going owners are dropped, so a
        // foreground owner does not wait for it forever.
        update(item, OwnerReferences.withoutOwnerReferences(object, danglingOrWaiting));
        log.info("Removed references to deleted owners {} from {}", danglingOrWaiting, item);
      }
      return;
    }
    List<Message> dependents = graph.dependentsOf(meta.getUid());
    if (anyWaiting && !dependents.isEmpty()) {
      // An owner waits for it, and it has dependents of its own: delete it in the foreground too,
      // so the owner keeps waiting until the whole subtree is gone.
      if (dependents.stream().anyMatch(OwnerResolver::isDeletingDependents)) {
        // Its dependent waits for it while it would wait for that dependent: break the cycle.
        update(item, OwnerReferences.withNonBlockingOwnerReferences(object));
      }
      delete(item, meta, GarbageCollector.FOREGROUND);
      return;
    }
    String policy = meta.getFinalizersList().contains(GarbageCollector.ORPHAN_FINALIZER) ? GarbageCollector.ORPHAN
        : meta.getFinalizersList().contains(GarbageCollector.FOREGROUND_FINALIZER) ? GarbageCollector.FOREGROUND
        : GarbageCollector.BACKGROUND;
    delete(item, meta, policy);
  }

  private void orphanDependents(GcItem item, Message owner) {
    String uid = ApiObjects.meta(owner).getUid();
    for (Message dependent : graph.dependentsOf(uid)) {
      GcItem dep = GcItem.of(dependent);
      update(dep, OwnerReferences.withoutOwnerReferences(dependent, List.of(uid)));
      log.info("Orphaned {} of {}", dep, item);
    }
    removeFinalizer(item, owner, GarbageCollector.ORPHAN_FINALIZER);
  }

  private void deleteDependentsFirst(GcItem item, Message owner) {
    String uid = ApiObjects.meta(owner).getUid();
    boolean blocked = false;
    for (Message dependent : graph.dependentsOf(uid)) {
      ObjectMeta depMeta = ApiObjects.meta(dependent);
      boolean blocking = depMeta.getOwnerReferencesList().stream()
          .anyMatch(r -> r.getUid().equals(uid) && OwnerReferences.blocksOwnerDeletion(r));
      blocked |= blocking;
      if (depMeta.getDeletionTimestamp().isEmpty()) {
        enqueue.accept(dependent);
      }
    }
    if (!blocked) {
      removeFinalizer(item, owner, GarbageCollector.FOREGROUND_FINALIZER);
    }
  }

  private void removeFinalizer(GcItem item, Message object, String finalizer) {
    ObjectMeta meta = ApiObjects.meta(object);
    List<String> kept = meta.getFinalizersList().stream().filter(f -> !f.equals(finalizer)).toList();
    update(item, ApiObjects.withMeta(object, meta.toBuilder().clearFinalizers().addAllFinalizers(kept).build()));
    log.info("Removed finalizer {} from {}", finalizer, item);
  }

  /** Writes with the cached resourceVersion: a conflict throws and the item is retried with fresh caches. */
  private void update(GcItem item, Message object) {
    try {
      resource(item).update(object);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  private void delete(GcItem item, ObjectMeta meta, String policy) {
    try {
      resource(item).delete(item.namespace(), item.name(), new DeleteOptions(null, policy, meta.getUid()));
      log.info("Deleted {} (propagation {}): no owner holds it", item, policy);
    } catch (ApiException e) {
      // Gone already, or the name now belongs to a new object (uid precondition): nothing to collect.
      if (!e.isNotFound() && !e.isConflict()) {
        throw e;
      }
    }
  }

  private ResourceClient<Message> resource(GcItem item) {
    return client.resource(item.kind());
  }
}
