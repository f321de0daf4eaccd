package io.kava.scheduler;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a change of a pod's status, reading the pod again after a conflict, as upstream's util.PatchPodStatus. */
final class StatusUpdates {
  private static final Logger log = LoggerFactory.getLogger(StatusUpdates.class);
  private static final int MAX_CONFLICT_RETRIES = 5;

  private StatusUpdates() {}

  /**
   * Applies CHANGE to the pod as stored and writes it; a change that returns the pod unchanged writes
   * nothing. Returns whether it wrote; a pod gone is left be; an error other than a conflict is thrown.
   */
  static boolean update(ResourceClient<Pod> pods, Pod pod, UnaryOperator<Pod> change) {
    Pod current = pod;
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      Pod changed = change.apply(current);
      if (changed.equals(current)) {
        return false;
      }
      try {
        pods.updateStatus(changed);
        return true;
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return false;
        }
        if (!e.isConflict()) {
          throw e;
        }
        try {
          current = pods.get(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        } catch (ApiException gone) {
          if (gone.isNotFound()) {
            return false;
          }
          throw gone;
        }
      }
    }
    log.debug("Gave up writing the status of {} after {} conflicts", ApiObjects.key(pod), MAX_CONFLICT_RETRIES);
    return false;
  }
}
