package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Deployment one sync works on: its latest copy (replaced by what the API server returns after
 * each write of the Deployment, so later writes in the same sync carry a current resourceVersion), the
 * ReplicaSets it owns and their pods by ReplicaSet uid. Upstream mutates its deep copy in place; here
 * messages are immutable, so the sync steps share this holder instead.
 */
final class SyncTarget {
  private Deployment deployment;
  private final List<ReplicaSet> replicaSets;
  private final Map<String, List<Pod>> podsByReplicaSetUid;

  SyncTarget(Deployment deployment, List<ReplicaSet> replicaSets, Map<String, List<Pod>> podsByReplicaSetUid) {
    this.deployment = deployment;
    this.replicaSets = new ArrayList<>(replicaSets);
    this.podsByReplicaSetUid = podsByReplicaSetUid;
  }

  Deployment deployment() {
    return deployment;
  }

  void deployment(Deployment latest) {
    this.deployment = latest;
  }

  /** The owned ReplicaSets as last read or written in this sync. */
  List<ReplicaSet> replicaSets() {
    return List.copyOf(replicaSets);
  }

  /** Replaces the ReplicaSet with the same uid by a newer copy (or adds a new one). */
  void replicaSet(ReplicaSet latest) {
    for (int i = 0; i < replicaSets.size(); i++) {
      if (replicaSets.get(i).getMetadata().getUid().equals(latest.getMetadata().getUid())) {
        replicaSets.set(i, latest);
        return;
      }
    }
    replicaSets.add(latest);
  }

  Map<String, List<Pod>> podsByReplicaSetUid() {
    return podsByReplicaSetUid;
  }
}
