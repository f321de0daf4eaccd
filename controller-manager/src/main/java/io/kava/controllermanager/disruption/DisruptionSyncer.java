package io.kava.controllermanager.disruption;

import io.kava.api.core.v1.Pod;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.client.policy.DisruptionBudgets;
import io.kava.client.workqueue.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One budget's sync (upstream DisruptionController.sync and trySync): compute its status from the
 * pods it covers and write it with a compare-and-swap on the budget's resourceVersion (a conflict is
 * thrown and retried through the queue). When the computation fails the budget fails safe:
 * disruptionsAllowed 0 and DisruptionAllowed False/SyncFailed.
 */
final class DisruptionSyncer {
  private static final Logger log = LoggerFactory.getLogger(DisruptionSyncer.class);

  private final ResourceClient<PodDisruptionBudget> pdbClient;
  private final Lister<PodDisruptionBudget> budgets;
  private final Lister<Pod> pods;
  private final ScaleFinder scales;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue;

  DisruptionSyncer(ResourceClient<PodDisruptionBudget> pdbClient, Lister<PodDisruptionBudget> budgets, Lister<Pod> pods,
      ScaleFinder scales, EventRecorder recorder, Clock clock, WorkQueue queue) {
    this.pdbClient = pdbClient;
    this.budgets = budgets;
    this.pods = pods;
    this.scales = scales;
    this.recorder = recorder;
    this.clock = clock;
    this.queue = queue;
  }

  void sync(String key) {
    Optional<PodDisruptionBudget> cached = budgets.get(key);
    if (cached.isEmpty()) {
      return;
    }
    PodDisruptionBudget pdb = cached.get();
    List<Pod> covered = pods.list(pdb.getMetadata().getNamespace(),
        pod -> DisruptionBudgets.selects(pdb, pod.getMetadata().getLabelsMap()));
    if (covered.isEmpty()) {
      recorder.normal(pdb, "NoPods", "No matching pods found");
    }
    Instant now = clock.instant();
    DisruptionStatuses.Computed computed;
    try {
      computed = DisruptionStatuses.calculate(pdb, covered, scales, now);
    } catch (IllegalStateException e) {
      recorder.warning(pdb, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: " + e.getMessage());
      failSafe(pdb, e.getMessage(), now);
      throw e;
    }
    if (!computed.unmanaged().isEmpty()) {
      recorder.warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
          + pdb.getSpec().getSelector().getMatchLabelsMap() + ") were found to be unmanaged. As a result, the status of "
          + "the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods "
          + "please set \".spec.minAvailable\" field of the PDB to an integer value.");
    }
    for (String name : computed.notDeleted()) {
      log.info("Dropped pod {}/{} from the disruptedPods of {}: it was expected to be deleted but it wasn't",
          pdb.getMetadata().getNamespace(), name, key);
    }
    if (DisruptionStatuses.needsWrite(pdb, computed.status())) {
      PodDisruptionBudgetStatus status = DisruptionBudgets.withDisruptionAllowedCondition(computed.status(), now);
      pdbClient.updateStatus(pdb.toBuilder().setStatus(status).build());
    }
    if (computed.recheckAt() != null) {
      queue.addAfter(key, Duration.between(now, computed.recheckAt()).plusSeconds(1));
    }
  }

  /** Upstream failSafe: no disruption is allowed while the status cannot be computed. */
  private void failSafe(PodDisruptionBudget pdb, String message, Instant now) {
    PodDisruptionBudgetStatus status = DisruptionBudgets.setCondition(
        pdb.getStatus().toBuilder().setDisruptionsAllowed(0).build(), "False", DisruptionBudgets.SYNC_FAILED, message, now);
    if (!status.equals(pdb.getStatus())) {
      pdbClient.updateStatus(pdb.toBuilder().setStatus(status).build());
    }
  }
}
