package io.kava.controllermanager.util;

import io.kava.api.core.v1.Pod;
import io.kava.client.Times;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * Upstream's ActivePods ordering: the pods a controller should delete first come first.
 * <ol>
 *   <li>unassigned before assigned to a node,</li>
 *   <li>Pending before Unknown before Running,</li>
 *   <li>not ready before ready,</li>
 *   <li>of two ready pods, the one ready for a shorter time,</li>
 *   <li>more container restarts before fewer,</li>
 *   <li>newer (creationTimestamp) before older.</li>
 * </ol>
 */
public final class ActivePods {
  private static final Map<String, Integer> PHASE_ORDER = Map.of(
      Pods.PHASE_PENDING, 0, Pods.PHASE_UNKNOWN, 1, Pods.PHASE_RUNNING, 2);

  /** Delete-first order, as upstream's ActivePods.Less. */
  public static final Comparator<Pod> DELETION_ORDER = ActivePods::compare;

  private ActivePods() {}

  private static int compare(Pod a, Pod b) {
    boolean aAssigned = Pods.isAssigned(a);
    boolean bAssigned = Pods.isAssigned(b);
    if (aAssigned != bAssigned) {
      return aAssigned ? 1 : -1;
    }
    int aPhase = PHASE_ORDER.getOrDefault(a.getStatus().getPhase(), 0);
    int bPhase = PHASE_ORDER.getOrDefault(b.getStatus().getPhase(), 0);
    if (aPhase != bPhase) {
      return Integer.compare(aPhase, bPhase);
    }
    boolean aReady = Pods.isReady(a);
    boolean bReady = Pods.isReady(b);
    if (aReady != bReady) {
      return aReady ? 1 : -1;
    }
    if (aReady) {
      int byReadyTime = newerFirst(Pods.readySince(a), Pods.readySince(b));
      if (byReadyTime != 0) {
        return byReadyTime;
      }
    }
    int aRestarts = Pods.maxContainerRestarts(a);
    int bRestarts = Pods.maxContainerRestarts(b);
    if (aRestarts != bRestarts) {
      return Integer.compare(bRestarts, aRestarts);
    }
    return newerFirst(Times.parse(a.getMetadata().getCreationTimestamp()),
        Times.parse(b.getMetadata().getCreationTimestamp()));
  }

  /** Unknown (null) first, then later instants before earlier ones (upstream afterOrZero). */
  private static int newerFirst(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return b.compareTo(a);
  }
}
