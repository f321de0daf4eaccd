package io.kava.kubectl.rollout;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.kubectl.CliException;

/**
 * Where a Deployment's rollout stands, in kubectl's words (upstream DeploymentStatusViewer): one line, and
 * whether the rollout is done. A rollout past its progress deadline is an error.
 */
public final class RolloutStatus {
  /** The reason of Progressing False once progressDeadlineSeconds passed without progress. */
  static final String TIMED_OUT = "ProgressDeadlineExceeded";

  private RolloutStatus() {}

  /** The line kubectl prints, without its newline, and whether waiting is over. */
  public record Line(String text, boolean done) {}

  /** With revision above 0, the Deployment's revision must be that one (else an error, as kubectl). */
  public static Line of(Deployment d, long revision) {
    String name = d.getMetadata().getName();
    if (revision > 0) {
      long current = Revisions.of(d.getMetadata().getAnnotationsMap());
      if (current != revision) {
        throw CliException.error("desired revision (" + revision + ") is different from the running revision ("
            + current + ")");
      }
    }
    if (d.getMetadata().getGeneration() > d.getStatus().getObservedGeneration()) {
      return new Line("Waiting for deployment spec update to be observed...", false);
    }
    for (DeploymentCondition c : d.getStatus().getConditionsList()) {
      if (c.getType().equals("Progressing") && c.getReason().equals(TIMED_OUT)) {
        throw CliException.error("deployment \"" + name + "\" exceeded its progress deadline");
      }
    }
    var s = d.getStatus();
    int replicas = d.getSpec().hasReplicas() ? d.getSpec().getReplicas() : 1;
    if (s.getUpdatedReplicas() < replicas) {
      return new Line("Waiting for deployment \"" + name + "\" rollout to finish: " + s.getUpdatedReplicas()
          + " out of " + replicas + " new replicas have been updated...", false);
    }
    if (s.getReplicas() > s.getUpdatedReplicas()) {
      return new Line("Waiting for deployment \"" + name + "\" rollout to finish: "
          + (s.getReplicas() - s.getUpdatedReplicas()) + " old replicas are pending termination...", false);
    }
    if (s.getAvailableReplicas() < s.getUpdatedReplicas()) {
      return new Line("Waiting for deployment \"" + name + "\" rollout to finish: " + s.getAvailableReplicas()
          + " of " + s.getUpdatedReplicas() + " updated replicas are available...", false);
    }
    return new Line("deployment \"" + name + "\" successfully rolled out", true);
  }
}
