package io.kava.controllermanager.statefulset;

import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetStatus;
import io.kava.api.core.v1.Pod;
import io.kava.controllermanager.util.Pods;
import java.time.Instant;
import java.util.List;

/** StatefulSet status from its pods (upstream computeReplicaStatus and completeRollingUpdate). */
final class StatefulSetStatuses {
  private StatefulSetStatuses() {}

  static StatefulSetStatus calculate(StatefulSet set, List<Pod> owned, String currentRevision, String updateRevision,
      Instant now) {
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int current = 0;
    int updated = 0;
    for (Pod pod : owned) {
      if (Pods.isTerminating(pod) || StatefulSetSyncer.isFinished(pod)) {
        continue;
      }
      replicas++;
      if (StatefulSetSyncer.isRunningAndReady(pod)) {
        ready++;
        if (Pods.isAvailable(pod, set.getSpec().getMinReadySeconds(), now)) {
          available++;
        }
      }
      String revision = StatefulPods.revision(pod);
      if (revision.equals(currentRevision)) {
        current++;
      }
      if (revision.equals(updateRevision)) {
        updated++;
      }
    }
    int desired = set.getSpec().getReplicas();
    StatefulSetStatus.Builder status = set.getStatus().toBuilder()
        .setObservedGeneration(set.getMetadata().getGeneration())
        .setReplicas(replicas)
        .setReadyReplicas(ready)
        .setAvailableReplicas(available)
        .setCurrentReplicas(current)
        .setUpdatedReplicas(updated)
        .setCurrentRevision(currentRevision)
        .setUpdateRevision(updateRevision);
    // A rolling update is complete when every wanted pod is updated and ready: the update becomes current.
    boolean rolling = !StatefulSetSyncer.ON_DELETE.equals(set.getSpec().getUpdateStrategy().getType());
    if (rolling && updated == desired && replicas == desired && ready == desired) {
      status.setCurrentRevision(updateRevision).setCurrentReplicas(updated);
    }
    return status.build();
  }
}
