package io.kava.apiserver.eviction;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.core.v1.Pod;
import io.kava.api.policy.v1.DeleteOptions;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.GuaranteedUpdate;
import io.kava.apiserver.registry.Registry;
import io.kava.apiserver.registry.ValidatingAdmission;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod eviction subresource (upstream pkg/registry/core/pod/storage/eviction.go): decides with
 * {@link EvictionAdmission}, takes a disruption from the budget with a compare-and-swap status write
 * (read again and retried on a conflict), then deletes the pod. A refused eviction writes nothing.
 */
public final class Evictions {
  private static final Logger log = LoggerFactory.getLogger(Evictions.class);
  /** Upstream EvictionsRetry has 20 steps. */
  static final int CONFLICT_ATTEMPTS = 20;

  private final Registry registry;
  private final Clock clock;

  public Evictions(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Evicts the pod; returns it as the delete left it (dry run: as it is). */
  public Message evict(String namespace, String name, DeleteOptions options) {
    boolean dryRun = options.getDryRunList().contains("All");
    if (options.getDryRunCount() > 0 && !dryRun) {
      throw ApiError.badRequest("Invalid dry run value: " + options.getDryRunList() + ", supported values: \"All\"");
    }
    Pod pod = (Pod) registry.get(Kinds.POD, namespace, name);
    // Upstream admits a create of pods/eviction (NodeRestriction: a kubelet evicts only its own pods).
    registry.admit(ValidatingAdmission.Operation.CREATE, Kinds.POD, "eviction", pod, null);
    List<PodDisruptionBudget> budgets = EvictionAdmission.budgetsOf(pod, budgetsIn(namespace));
    EvictionAdmission.Verdict verdict = EvictionAdmission.verdict(pod, budgets);
    String preconditionVersion = options.getPreconditions().getResourceVersion();
    switch (verdict) {
      case DELETE -> { }
      case DELETE_UNHEALTHY -> {
        // The pod must not have become ready since it was judged unhealthy.
        if (preconditionVersion.isEmpty()) {
          preconditionVersion = pod.getMetadata().getResourceVersion();
        }
      }
      case DECREMENT -> takeDisruption(budgets.get(0), name, dryRun);
    }
    if (dryRun) {
      return pod;
    }
    Long grace = options.hasGracePeriodSeconds() ? options.getGracePeriodSeconds() : null;
    Message deleted = registry.delete(Kinds.POD, namespace, name, new Registry.DeleteRequest(grace,
        options.getPropagationPolicy(), options.getPreconditions().getUid(), preconditionVersion));
    log.info("Evicted pod {}/{} ({})", namespace, name, verdict);
    return deleted;
  }

  private List<PodDisruptionBudget> budgetsIn(String namespace) {
    return registry.list(Kinds.POD_DISRUPTION_BUDGET, namespace, Selector.everything(), FieldSelector.everything())
        .items().stream().map(PodDisruptionBudget.class::cast).toList();
  }

  /** checkAndDecrement under retry-on-conflict: the budget is read again whenever another write won. */
  private void takeDisruption(PodDisruptionBudget pdb, String podName, boolean dryRun) {
    String namespace = pdb.getMetadata().getNamespace();
    String pdbName = pdb.getMetadata().getName();
    try {
      // resourceVersion is set: the write is a compare-and-swap against the budget just read.
      GuaranteedUpdate.run(() -> registry.get(Kinds.POD_DISRUPTION_BUDGET, namespace, pdbName),
          current -> GuaranteedUpdate.Attempt.retrying(
              EvictionAdmission.decrement((PodDisruptionBudget) current, podName, clock.instant())),
          decremented -> dryRun ? decremented : registry.updateStatus(decremented, false), CONFLICT_ATTEMPTS);
    } catch (ApiError e) {
      if (GuaranteedUpdate.isConflict(e)) {
        throw new ApiError(Status.Code.DEADLINE_EXCEEDED, "Timeout",
            "couldn't update PodDisruptionBudget \"" + pdbName + "\" due to conflicts", List.of(), "", "");
      }
      throw e;
    }
  }
}
