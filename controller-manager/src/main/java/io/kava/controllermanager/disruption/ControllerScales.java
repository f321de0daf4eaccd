package io.kava.controllermanager.disruption;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.Kinds;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.Optional;

/**
 * The scale of the controller a pod's controllerRef names, as upstream's disruption controller
 * finders (getPodReplicaSet, getPodDeployment, getPodStatefulSet): a ReplicaSet owned by a Deployment
 * counts as the Deployment (its spec.replicas), any other ReplicaSet as itself, a StatefulSet as itself.
 * Kava has no ReplicationController, and no scale subresource of other kinds is read.
 */
final class ControllerScales implements ScaleFinder {
  private final Lister<ReplicaSet> replicaSets;
  private final Lister<Deployment> deployments;
  private final Lister<StatefulSet> statefulSets;

  ControllerScales(Lister<ReplicaSet> replicaSets, Lister<Deployment> deployments, Lister<StatefulSet> statefulSets) {
    this.replicaSets = replicaSets;
    this.deployments = deployments;
    this.statefulSets = statefulSets;
  }

  @Override
  public Optional<Scale> find(OwnerReference ref, String namespace) {
    if (OwnerReferences.refersTo(ref, Kinds.STATEFUL_SET)) {
      return OwnerReferences.resolve(statefulSets, Kinds.STATEFUL_SET, namespace, ref)
          .map(set -> new Scale(set.getMetadata().getUid(), set.getSpec().hasReplicas() ? set.getSpec().getReplicas() : 1));
    }
    if (!OwnerReferences.refersTo(ref, Kinds.REPLICA_SET)) {
      return Optional.empty();
    }
    Optional<ReplicaSet> rs = OwnerReferences.resolve(replicaSets, Kinds.REPLICA_SET, namespace, ref);
    if (rs.isEmpty()) {
      return Optional.empty();
    }
    Optional<OwnerReference> owner = OwnerReferences.controllerOf(rs.get());
    if (owner.isPresent() && OwnerReferences.refersTo(owner.get(), Kinds.DEPLOYMENT)) {
      return OwnerReferences.resolve(deployments, Kinds.DEPLOYMENT, namespace, owner.get())
          .map(d -> new Scale(d.getMetadata().getUid(), d.getSpec().hasReplicas() ? d.getSpec().getReplicas() : 1));
    }
    return Optional.of(new Scale(rs.get().getMetadata().getUid(),
        rs.get().getSpec().hasReplicas() ? rs.get().getSpec().getReplicas() : 1));
  }
}
