package io.kava.controllermanager.nodelifecycle;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's MarkPodsNotReady: the pods of a node that is not Ready get Ready=False, so Services stop
 * sending them traffic while nobody can tell whether they still run.
 */
final class PodsNotReady {
  private static final Logger log = LoggerFactory.getLogger(PodsNotReady.class);

  private final ResourceClient<Pod> pods;
  private final Clock clock;

  PodsNotReady(ResourceClient<Pod> pods, Clock clock) {
    this.pods = pods;
    this.clock = clock;
  }

  /** Pods whose Ready condition is True now (the ones to change). */
  static boolean needsMarking(Pod pod) {
    return pod.getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals("Ready") && !c.getStatus().equals("False"));
  }

  static Pod markedNotReady(Pod pod, String now) {
    var status = pod.getStatus().toBuilder();
    for (int i = 0; i < status.getConditionsCount(); i++) {
      PodCondition c = status.getConditions(i);
      if (c.getType().equals("Ready") && !c.getStatus().equals("False")) {
        status.setConditions(i, c.toBuilder().setStatus("False").setLastTransitionTime(now));
      }
    }
    return pod.toBuilder().setStatus(status).build();
  }

  /** Marks every pod that needs it; false if a write failed (the next pass tries again). */
  boolean mark(String node, List<Pod> onNode) {
    boolean ok = true;
    String now = Times.format(clock.instant());
    for (Pod pod : onNode) {
      if (!needsMarking(pod)) {
        continue;
      }
      try {
        pods.updateStatus(markedNotReady(pod, now));
        log.info("Marked pod {} not ready, as its node {} is not ready", ApiObjects.key(pod), node);
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          log.warn("Failed to mark pod {} not ready: {}", ApiObjects.key(pod), e.getMessage());
          ok = false;
        }
      }
    }
    return ok;
  }
}
