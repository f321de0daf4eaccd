package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write the Deployment controller makes, each recorded in {@link PendingWrites} under the
 * Deployment it was made for. Updates carry the resourceVersion they were computed from, so a decision
 * made on a stale copy fails with a conflict and the key is retried with fresh caches.
 */
final class DeploymentWrites {
  private static final Logger log = LoggerFactory.getLogger(DeploymentWrites.class);

  private final ResourceClient<Deployment> deployments;
  private final ResourceClient<ReplicaSet> replicaSets;
  private final EventRecorder recorder;
  private final PendingWrites pending;

  DeploymentWrites(ResourceClient<Deployment> deployments, ResourceClient<ReplicaSet> replicaSets,
      EventRecorder recorder, PendingWrites pending) {
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.recorder = recorder;
    this.pending = pending;
  }

  EventRecorder events() {
    return recorder;
  }

  ResourceClient<Deployment> deployments() {
    return deployments;
  }

  ResourceClient<ReplicaSet> replicaSets() {
    return replicaSets;
  }

  Deployment updateStatus(Deployment d) {
    Deployment saved = deployments.updateStatus(d);
    pending.updated(ApiObjects.key(d), saved);
    return saved;
  }

  /** Writes metadata (the revision annotation); the spec goes back unchanged. */
  Deployment updateMetadata(Deployment d) {
    Deployment saved = deployments.update(d);
    pending.updated(ApiObjects.key(d), saved);
    return saved;
  }

  ReplicaSet create(Deployment owner, ReplicaSet rs) {
    ReplicaSet saved = replicaSets.create(rs);
    pending.created(ApiObjects.key(owner), saved);
    log.info("Created replica set {} for deployment {}", ApiObjects.key(saved), ApiObjects.key(owner));
    return saved;
  }

  ReplicaSet update(Deployment owner, ReplicaSet rs) {
    ReplicaSet saved = replicaSets.update(rs);
    pending.updated(ApiObjects.key(owner), saved);
    return saved;
  }

  /** Deletes an old ReplicaSet (only the one with this uid); already gone counts as done. */
  void delete(Deployment owner, ReplicaSet rs) {
    try {
      replicaSets.delete(rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
          new DeleteOptions(null, "", rs.getMetadata().getUid()));
      log.info("Deleted old replica set {} of deployment {}", ApiObjects.key(rs), ApiObjects.key(owner));
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    pending.deleted(ApiObjects.key(owner), rs);
  }
}
