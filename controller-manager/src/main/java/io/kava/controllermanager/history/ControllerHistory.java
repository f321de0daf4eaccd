package io.kava.controllermanager.history;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.ResourceClient;
import io.kava.client.history.ControllerRevisions;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.deployment.PodTemplateHash;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ControllerRevisions of one StatefulSet or DaemonSet (upstream pkg/controller/history and the two
 * controllers' use of it): one revision per distinct pod template, named {@code <owner>-<hash>}; today's
 * template re-uses the revision that already holds it (its number bumped past the others, which is
 * what a rollback looks like) instead of a duplicate; a name taken by another template bumps the
 * collision count. {@link #prune} keeps at most revisionHistoryLimit revisions that nothing uses.
 * Reads from the lister, writes through the client, throws to be retried.
 */
public final class ControllerHistory {
  /** Upstream's default spec.revisionHistoryLimit (the API server defaults it too). */
  public static final int DEFAULT_LIMIT = 10;
  private static final Logger log = LoggerFactory.getLogger(ControllerHistory.class);
  /** More collisions than this in one sync means something other than chance: give up and retry later. */
  private static final int MAX_COLLISIONS = 10;

  private final ResourceClient<ControllerRevision> client;
  private final Lister<ControllerRevision> revisions;

  public ControllerHistory(ResourceClient<ControllerRevision> client, Lister<ControllerRevision> revisions) {
    this.client = client;
    this.revisions = revisions;
  }

  /** Where the owner's history stands after {@link #sync}: today's revision, all of them, the collision count. */
  public record Snapshot(ControllerRevision update, List<ControllerRevision> all, Integer collisionCount) {
    /** The hash of today's revision: the pods' controller-revision-hash for a DaemonSet. */
    public String hash() {
      return update.getMetadata().getLabelsOrDefault(ControllerRevisions.HASH_LABEL, "");
    }

    public ControllerRevision named(String name) {
      return all.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }
  }

  /** The owner's revisions (its controllerRef), oldest first. */
  public List<ControllerRevision> owned(Message owner) {
    ObjectMeta meta = ApiObjects.meta(owner);
    return ControllerRevisions.ownedBy(meta, revisions.list(meta.getNamespace()));
  }

  /**
   * Makes sure a revision holds the owner's template and is the newest (upstream
   * getStatefulSetRevisions / constructHistory).
   *
   * @param collisionCount the owner's status.collisionCount, or null when unset
   * @param moreHashLabels labels besides {@link ControllerRevisions#HASH_LABEL} that carry the hash
   */
  public Snapshot sync(Message owner, PodTemplateSpec template, Integer collisionCount, List<String> moreHashLabels) {
    List<ControllerRevision> all = new ArrayList<>(owned(owner));
    long next = all.isEmpty() ? 1 : all.get(all.size() - 1).getRevision() + 1;
    ControllerRevision equal = null;
    for (ControllerRevision r : all) {
      if (ControllerRevisions.holds(r, template)) {
        equal = r; // the newest equal one, as upstream's FindEqualRevisions[last]
      }
    }
    if (equal != null && equal == all.get(all.size() - 1)) {
      return new Snapshot(equal, all, collisionCount);
    }
    if (equal != null) {
      ControllerRevision bumped = client.update(equal.toBuilder().setRevision(next).build());
      log.info("Re-used revision {} of {} as revision {}", equal.getMetadata().getName(), ApiObjects.key(owner), next);
      all.remove(equal);
      all.add(bumped);
      return new Snapshot(bumped, all, collisionCount);
    }
    Integer collisions = collisionCount;
    for (int attempt = 0; ; attempt++) {
      ControllerRevision wanted = newRevision(owner, template, next, collisions, moreHashLabels);
      try {
        ControllerRevision created = client.create(wanted);
        log.info("Created revision {} ({}) of {}", created.getMetadata().getName(), next, ApiObjects.key(owner));
        all.add(created);
        return new Snapshot(created, all, collisions);
      } catch (ApiException e) {
        if (!e.isAlreadyExists()) {
          throw e;
        }
      }
      ControllerRevision existing = client.get(wanted.getMetadata().getNamespace(), wanted.getMetadata().getName());
      if (ControllerRevisions.holds(existing, template)
          && OwnerReferences.isControlledBy(existing, ApiObjects.meta(owner).getUid())) {
        all.removeIf(r -> r.getMetadata().getName().equals(existing.getMetadata().getName()));
        all.add(existing); // our own create, not yet in the cache
        return new Snapshot(existing, all, collisions);
      }
      if (attempt >= MAX_COLLISIONS) {
        throw new IllegalStateException("Revision name " + wanted.getMetadata().getName() + " of "
            + ApiObjects.key(owner) + " still collided after " + attempt + " tries");
      }
      collisions = collisions == null ? 1 : collisions + 1;
    }
  }

  /**
   * Deletes the oldest revisions beyond the limit among those no live thing uses (upstream
   * truncateHistory / cleanupHistory).
   *
   * @param live names of the revisions in use: today's, the current one, the ones live pods were made from
   */
  public void prune(List<ControllerRevision> all, Set<String> live, int limit) {
    List<ControllerRevision> unused = all.stream().filter(r -> !live.contains(r.getMetadata().getName()))
        .sorted(ControllerRevisions.BY_REVISION).toList();
    for (ControllerRevision r : unused.subList(0, Math.max(0, unused.size() - limit))) {
      try {
        client.delete(r.getMetadata().getNamespace(), r.getMetadata().getName(), DeleteOptions.defaults());
        log.info("Deleted revision {} beyond the history limit {}", r.getMetadata().getName(), limit);
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
    }
  }

  /** Upstream NewControllerRevision: the template's labels plus the hash, owned by the controller. */
  public static ControllerRevision newRevision(Message owner, PodTemplateSpec template, long revision, Integer collisions,
      List<String> moreHashLabels) {
    ObjectMeta ownerMeta = ApiObjects.meta(owner);
    String hash = PodTemplateHash.compute(template, collisions);
    ObjectMeta.Builder meta = ObjectMeta.newBuilder()
        .setName(ControllerRevisions.name(ownerMeta.getName(), hash))
        .setNamespace(ownerMeta.getNamespace())
        .putAllLabels(template.getMetadata().getLabelsMap())
        .putLabels(ControllerRevisions.HASH_LABEL, hash)
        .putAllAnnotations(ownerMeta.getAnnotationsMap())
        .addOwnerReferences(OwnerReferences.newControllerRef(owner));
    moreHashLabels.forEach(label -> meta.putLabels(label, hash));
    return ControllerRevision.newBuilder().setApiVersion("apps/v1").setKind("ControllerRevision").setMetadata(meta)
        .setData(ControllerRevisions.data(template)).setRevision(revision).build();
  }
}
