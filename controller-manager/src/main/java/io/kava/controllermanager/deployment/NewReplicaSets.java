package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or creates the ReplicaSet for the Deployment's current template and keeps revisions in step
 * (upstream getAllReplicaSetsAndSyncRevision and getNewReplicaSet): the new ReplicaSet is named
 * "<deployment>-<pod-template-hash>" so a repeated create is harmless; a name taken by a different
 * template is a hash collision, resolved by bumping status.collisionCount.
 */
final class NewReplicaSets {
  private static final Logger log = LoggerFactory.getLogger(NewReplicaSets.class);

  /** The new ReplicaSet (null when it does not exist and was not to be created) and all the others. */
  record Split(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
    List<ReplicaSet> all() {
      return ReplicaSets.plus(oldRSs, newRS);
    }
  }

  private final DeploymentWrites writes;
  private final Lister<ReplicaSet> replicaSets;
  private final Clock clock;

  NewReplicaSets(DeploymentWrites writes, Lister<ReplicaSet> replicaSets, Clock clock) {
    this.writes = writes;
    this.replicaSets = replicaSets;
    this.clock = clock;
  }

  Split getAllAndSyncRevision(SyncTarget target, boolean createIfMissing) {
    Deployment d = target.deployment();
    List<ReplicaSet> oldRSs = ReplicaSets.findOld(d, target.replicaSets());
    ReplicaSet newRS = getNew(target, oldRSs, createIfMissing);
    return new Split(newRS, oldRSs);
  }

  private ReplicaSet getNew(SyncTarget target, List<ReplicaSet> oldRSs, boolean createIfMissing) {
    Deployment d = target.deployment();
    ReplicaSet existing = ReplicaSets.findNew(d, target.replicaSets());
    long newRevision = Revisions.maxRevision(oldRSs) + 1;
    if (existing != null) {
      return syncExisting(target, existing, newRevision);
    }
    if (!createIfMissing) {
      return null;
    }
    return create(target, oldRSs, newRevision);
  }

  /** Brings the existing new ReplicaSet's annotations and minReadySeconds up to date, then the Deployment's revision. */
  private ReplicaSet syncExisting(SyncTarget target, ReplicaSet existing, long newRevision) {
    Deployment d = target.deployment();
    Map<String, String> annotations = new HashMap<>(existing.getMetadata().getAnnotationsMap());
    boolean annotationsChanged = Revisions.setNewReplicaSetAnnotations(d, annotations, newRevision, true);
    boolean minReadyChanged = existing.getSpec().getMinReadySeconds() != d.getSpec().getMinReadySeconds();
    if (annotationsChanged || minReadyChanged) {
      ReplicaSet updated = writes.update(d, existing.toBuilder()
          .setMetadata(existing.getMetadata().toBuilder().clearAnnotations().putAllAnnotations(annotations))
          .setSpec(existing.getSpec().toBuilder().setMinReadySeconds(d.getSpec().getMinReadySeconds()))
          .build());
      target.replicaSet(updated);
      return updated;
    }
    // The ReplicaSet's revision is the reliable one: the Deployment's write may have failed before.
    String revision = existing.getMetadata().getAnnotationsMap().getOrDefault(Revisions.REVISION, "");
    Deployment withRevision = Revisions.withRevision(d, revision);
    if (withRevision != null) {
      target.deployment(writes.updateMetadata(withRevision));
    }
    d = target.deployment();
    if (DeploymentSpecs.hasProgressDeadline(d) && Conditions.get(d.getStatus(), Conditions.PROGRESSING) == null) {
      DeploymentCondition found = Conditions.of(Conditions.PROGRESSING, Conditions.TRUE, Conditions.FOUND_NEW_RS,
          "Found new replica set \"" + existing.getMetadata().getName() + "\"", clock.instant());
      target.deployment(writes.updateStatus(d.toBuilder().setStatus(Conditions.set(d.getStatus(), found)).build()));
    }
    return existing;
  }

  private ReplicaSet create(SyncTarget target, List<ReplicaSet> oldRSs, long newRevision) {
    Deployment d = target.deployment();
    ReplicaSet newRS = build(d);
    int newReplicas = NewReplicaCount.of(d, ReplicaSets.plus(oldRSs, newRS), newRS);
    Map<String, String> annotations = new HashMap<>();
    Revisions.setNewReplicaSetAnnotations(d, annotations, newRevision, false);
    newRS = newRS.toBuilder()
        .setMetadata(newRS.getMetadata().toBuilder().putAllAnnotations(annotations))
        .setSpec(newRS.getSpec().toBuilder().setReplicas(newReplicas))
        .build();

    ReplicaSet created;
    boolean alreadyExisted = false;
    try {
      created = writes.create(d, newRS);
    } catch (ApiException e) {
      if (!e.isAlreadyExists()) {
        reportCreateFailure(target, newRS, e);
        throw e;
      }
      ReplicaSet found = ours(d, newRS);
      if (found == null) {
        bumpCollisionCount(target);
        throw e;
      }
      // Our own earlier create the cache had not seen yet: the same ReplicaSet, not a second one.
      created = found;
      alreadyExisted = true;
    }
    target.replicaSet(created);
    if (!alreadyExisted && newReplicas > 0) {
      writes.events().normal(d, Scaler.SCALING_REPLICA_SET,
          "Scaled up replica set " + created.getMetadata().getName() + " to " + newReplicas);
    }
    Deployment withRevision = Revisions.withRevision(d, Long.toString(newRevision));
    if (withRevision != null) {
      target.deployment(writes.updateMetadata(withRevision));
    }
    d = target.deployment();
    if (!alreadyExisted && DeploymentSpecs.hasProgressDeadline(d)) {
      DeploymentCondition condition = Conditions.of(Conditions.PROGRESSING, Conditions.TRUE,
          Conditions.NEW_REPLICA_SET, "Created new replica set \"" + created.getMetadata().getName() + "\"",
          clock.instant());
      var status = Conditions.set(d.getStatus(), condition);
      if (!status.equals(d.getStatus())) {
        target.deployment(writes.updateStatus(d.toBuilder().setStatus(status).build()));
      }
    }
    return created;
  }

  /** The new ReplicaSet for the Deployment's template, replicas still 0. */
  static ReplicaSet build(Deployment d) {
    PodTemplateSpec template = d.getSpec().getTemplate();
    Integer collisionCount = d.getStatus().hasCollisionCount() ? d.getStatus().getCollisionCount() : null;
    String hash = PodTemplateHash.compute(template, collisionCount);
    PodTemplateSpec newTemplate = template.toBuilder()
        .setMetadata(template.getMetadata().toBuilder().putLabels(PodTemplateHash.LABEL, hash)).build();
    ObjectMeta meta = ObjectMeta.newBuilder()
        .setName(d.getMetadata().getName() + "-" + hash)
        .setNamespace(d.getMetadata().getNamespace())
        .addOwnerReferences(OwnerReferences.newControllerRef(d))
        .putAllLabels(newTemplate.getMetadata().getLabelsMap())
        .build();
    return ReplicaSet.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
        .setMetadata(meta)
        .setSpec(ReplicaSetSpec.newBuilder()
            .setReplicas(0)
            .setMinReadySeconds(d.getSpec().getMinReadySeconds())
            .setSelector(d.getSpec().getSelector().toBuilder().putMatchLabels(PodTemplateHash.LABEL, hash))
            .setTemplate(newTemplate))
        .build();
  }

  /**
   * The ReplicaSet holding the new one's name, if it is this Deployment's and has its template; null
   * for a hash collision. Read from the cache, else from the server (the cache may not have it yet).
   */
  private ReplicaSet ours(Deployment d, ReplicaSet wanted) {
    String ns = wanted.getMetadata().getNamespace();
    String name = wanted.getMetadata().getName();
    ReplicaSet rs = replicaSets.get(ns, name).orElse(null);
    if (rs == null) {
      try {
        rs = writes.replicaSets().get(ns, name);
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return null; // gone again: the retry creates it
        }
        throw e;
      }
    }
    boolean controlled = OwnerReferences.isControlledBy(rs, d.getMetadata().getUid());
    if (controlled && ReplicaSets.equalIgnoringHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate())) {
      return rs;
    }
    return null;
  }

  private void bumpCollisionCount(SyncTarget target) {
    Deployment d = target.deployment();
    int before = d.getStatus().hasCollisionCount() ? d.getStatus().getCollisionCount() : 0;
    target.deployment(writes.updateStatus(d.toBuilder()
        .setStatus(d.getStatus().toBuilder().setCollisionCount(before + 1)).build()));
    log.info("Found a pod-template-hash collision for deployment {}, raised collisionCount to {}",
        ApiObjects.key(d), before + 1);
  }

  private void reportCreateFailure(SyncTarget target, ReplicaSet newRS, ApiException e) {
    Deployment d = target.deployment();
    String message = "Failed to create new replica set \"" + newRS.getMetadata().getName() + "\": " + e.getMessage();
    if (DeploymentSpecs.hasProgressDeadline(d)) {
      var status = Conditions.set(d.getStatus(), Conditions.of(Conditions.PROGRESSING, Conditions.FALSE,
          Conditions.FAILED_RS_CREATE, message, clock.instant()));
      try {
        target.deployment(writes.updateStatus(d.toBuilder().setStatus(status).build()));
      } catch (ApiException ignored) {
        // the create failure is the error worth reporting
      }
    }
    writes.events().warning(d, Conditions.FAILED_RS_CREATE, message);
  }
}
