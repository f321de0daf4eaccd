package io.kava.controllermanager.gc;

import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what an owner reference points at (upstream classifyReferences and isDangling). A cache hit
 * with the same uid is trusted; a miss is confirmed with a live read, because the owner's cache may
 * simply lag the dependent's (a ReplicaSet seen before the Deployment that created it). Uids are never
 * reused, so an owner confirmed absent is remembered as absent, saving a read per dependent of a deleted
 * owner; until an etcd restore brings the owner back with its old uid: the cache then holds it again (and
 * wins), and every expired watch makes the collector {@link #forgetAbsentOwners forget} what it remembered.
 */
final class OwnerResolver {
  private static final Logger log = LoggerFactory.getLogger(OwnerResolver.class);
  private static final int ABSENT_CACHE_SIZE = 10_000;

  enum State {
    /** Exists and is not waiting for its dependents: keeps the dependent alive. */
    SOLID,
    /** Gone, or the name now belongs to another object. */
    ABSENT,
    /** Being deleted in the foreground: waits for its dependents to go first. */
    WAITING_FOR_DEPENDENTS
  }

  private final KavaClient client;
  private final ObjectGraph graph;
  private final Set<String> absentUids = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > ABSENT_CACHE_SIZE;
        }
      }));

  OwnerResolver(KavaClient client, ObjectGraph graph) {
    this.client = client;
    this.graph = graph;
  }

  /** Throws ApiException when the API server cannot answer: never guess an owner is gone. */
  State resolve(String dependentNamespace, OwnerReference ref) {
    Optional<Kind> kind = Kinds.byKind(ref.getApiVersion(), ref.getKind());
    if (kind.isEmpty()) {
      // A kind this cluster does not serve: never collect on its account.
      log.debug("Kept owner reference to unknown kind {} {}", ref.getApiVersion(), ref.getKind());
      return State.SOLID;
    }
    String namespace = kind.get().namespaced() ? dependentNamespace : "";
    Optional<Message> cached = graph.get(kind.get(), namespace, ref.getName())
        .filter(o -> ApiObjects.meta(o).getUid().equals(ref.getUid()));
    if (cached.isPresent()) {
      absentUids.remove(ref.getUid());
      return stateOf(cached.get());
    }
    if (absentUids.contains(ref.getUid())) {
      return State.ABSENT;
    }
    try {
      Message live = client.resource(kind.get()).get(namespace, ref.getName());
      if (ApiObjects.meta(live).getUid().equals(ref.getUid())) {
        return stateOf(live);
      }
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    absentUids.add(ref.getUid());
    return State.ABSENT;
  }

  /** Owners confirmed absent may be back: after an etcd restore, with the uids they had. */
  void forgetAbsentOwners() {
    if (!absentUids.isEmpty()) {
      log.info("Forgot {} owners confirmed absent: a watch expired, and a restored store may have brought them back",
          absentUids.size());
      absentUids.clear();
    }
  }

  static boolean isDeletingDependents(Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    return !meta.getDeletionTimestamp().isEmpty() && meta.getFinalizersList().contains(GarbageCollector.FOREGROUND_FINALIZER);
  }

  private static State stateOf(Message owner) {
    return isDeletingDependents(owner) ? State.WAITING_FOR_DEPENDENTS : State.SOLID;
  }
}
