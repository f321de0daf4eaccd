package io.kava.scheduler;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.events.EventRecorder;
import io.kava.scheduler.preemption.PodImportance;
import io.kava.scheduler.preemption.Victims;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a preemption the way upstream's prepareCandidate does: each victim gets the condition
 * DisruptionTarget (reason PreemptionByScheduler) and a "Preempted" event, and is deleted with its own
 * grace period; pods of lower priority nominated to the same node lose their nomination; the preemptor's
 * status.nominatedNodeName names the node.
 */
final class Preemptor {
  private static final Logger log = LoggerFactory.getLogger(Preemptor.class);

  private final ResourceClient<Pod> pods;
  private final EventRecorder events;
  private final Nominator nominator;
  private final String schedulerName;

  Preemptor(ResourceClient<Pod> pods, EventRecorder events, Nominator nominator, String schedulerName) {
    this.pods = pods;
    this.events = events;
    this.nominator = nominator;
    this.schedulerName = schedulerName;
  }

  void preempt(Pod preemptor, Victims victims) {
    String node = victims.nodeName();
    for (Pod victim : victims.pods()) {
      String victimKey = ApiObjects.key(victim);
      try {
        updateStatus(victim, p -> withDisruptionTarget(p));
        pods.delete(victim.getMetadata().getNamespace(), victim.getMetadata().getName(), DeleteOptions.defaults());
        events.normal(victim, "Preempted",
            "Preempted by pod " + preemptor.getMetadata().getUid() + " on node " + node);
        log.info("Preempted pod {} on node {} for pod {}", victimKey, node, ApiObjects.key(preemptor));
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
    }
    int priority = PodImportance.priority(preemptor);
    for (Pod lower : nominator.nominatedTo(node, ApiObjects.key(preemptor))) {
      if (PodImportance.priority(lower) < priority) {
        nominator.remove(ApiObjects.key(lower));
        clearNomination(lower);
      }
    }
    nominator.nominate(preemptor, node);
    updateStatus(preemptor, p -> p.toBuilder().setStatus(p.getStatus().toBuilder().setNominatedNodeName(node)).build());
  }

  /** status.nominatedNodeName cleared (the pod landed elsewhere, or a higher priority took its room). */
  void clearNomination(Pod pod) {
    updateStatus(pod, p -> p.getStatus().getNominatedNodeName().isEmpty() ? p
        : p.toBuilder().setStatus(p.getStatus().toBuilder().clearNominatedNodeName()).build());
  }

  private Pod withDisruptionTarget(Pod pod) {
    PodCondition condition = PodCondition.newBuilder().setType("DisruptionTarget").setStatus("True")
        .setReason("PreemptionByScheduler").setMessage(schedulerName + ": preempting to accommodate a higher priority pod")
        .setLastTransitionTime(Times.now()).build();
    Pod.Builder b = pod.toBuilder();
    for (int i = 0; i < pod.getStatus().getConditionsCount(); i++) {
      if (pod.getStatus().getConditions(i).getType().equals("DisruptionTarget")) {
        b.getStatusBuilder().setConditions(i, condition);
        return b.build();
      }
    }
    b.getStatusBuilder().addConditions(condition);
    return b.build();
  }

  private void updateStatus(Pod pod, UnaryOperator<Pod> change) {
    StatusUpdates.update(pods, pod, change);
  }
}
