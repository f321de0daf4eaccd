package io.kava.kubectl.rollout;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.StatefulSet;
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

  /** The line for a Deployment, StatefulSet or DaemonSet (revision only means something for Deployments). */
  public static Line of(Message object, long revision) {
    if (object instanceof StatefulSet set) {
      return of(set);
    }
    if (object instanceof DaemonSet ds) {
      return of(ds);
    }
    return of((Deployment) object, revision);
  }

  /** Upstream StatefulSetStatusViewer. */
  public static Line of(StatefulSet set) {
    if (!"RollingUpdate".equals(set.getSpec().getUpdateStrategy().getType())) {
      throw CliException.error("rollout status is only available for RollingUpdate strategy type");
    }
    var s = set.getStatus();
    if (s.getObservedGeneration() == 0 || set.getMetadata().getGeneration() > s.getObservedGeneration()) {
      return new Line("Waiting for statefulset spec update to be observed...", false);
    }
    int replicas = set.getSpec().hasReplicas() ? set.getSpec().getReplicas() : 1;
    if (s.getReadyReplicas() < replicas) {
      return new Line("Waiting for " + (replicas - s.getReadyReplicas()) + " pods to be ready...", false);
    }
    var ru = set.getSpec().getUpdateStrategy().getRollingUpdate();
    if (ru.hasPartition() && ru.getPartition() > 0) {
      if (s.getUpdatedReplicas() < replicas - ru.getPartition()) {
        return new Line("Waiting for partitioned roll out to finish: " + s.getUpdatedReplicas() + " out of "
            + (replicas - ru.getPartition()) + " new pods have been updated...", false);
      }
      return new Line("partitioned roll out complete: " + s.getUpdatedReplicas() + " new pods have been updated...",
          true);
    }
    if (!s.getUpdateRevision().equals(s.getCurrentRevision())) {
      return new Line("waiting for statefulset rolling update to complete " + s.getUpdatedReplicas()
          + " pods at revision " + s.getUpdateRevision() + "...", false);
    }
    return new Line("statefulset rolling update complete " + s.getCurrentReplicas() + " pods at revision "
        + s.getCurrentRevision() + "...", true);
  }

  /** Upstream DaemonSetStatusViewer. */
  public static Line of(DaemonSet ds) {
    if (!"RollingUpdate".equals(ds.getSpec().getUpdateStrategy().getType())) {
      throw CliException.error("rollout status is only available for RollingUpdate strategy type");
    }
    String name = ds.getMetadata().getName();
    var s = ds.getStatus();
    if (ds.getMetadata().getGeneration() > s.getObservedGeneration()) {
      return new Line("Waiting for daemon set spec update to be observed...", false);
    }
    if (s.getUpdatedNumberScheduled() < s.getDesiredNumberScheduled()) {
      return new Line("Waiting for daemon set \"" + name + "\" rollout to finish: " + s.getUpdatedNumberScheduled()
          + " out of " + s.getDesiredNumberScheduled() + " new pods have been updated...", false);
    }
    if (s.getNumberAvailable() < s.getDesiredNumberScheduled()) {
      return new Line("Waiting for daemon set \"" + name + "\" rollout to finish: " + s.getNumberAvailable()
          + " of " + s.getDesiredNumberScheduled() + " updated pods are available...", false);
    }
    return new Line("daemon set \"" + name + "\" successfully rolled out", true);
  }

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
