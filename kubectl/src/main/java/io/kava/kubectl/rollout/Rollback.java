package io.kava.kubectl.rollout;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.kubectl.CliException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * `rollout undo` (upstream DeploymentRollbacker): the ReplicaSet of the chosen revision (the previous
 * one by default) gives its template, without pod-template-hash, and its annotations back to the
 * Deployment. The deployment controller then finds that ReplicaSet by its template and scales it up.
 */
public final class Rollback {
  private Rollback() {}

  /** What undo decided: the Deployment to write, or null with the reason it was skipped. */
  public record Plan(Deployment deployment, String skipped) {}

  public static ReplicaSet revision(Deployment d, List<ReplicaSet> owned, long toRevision) {
    ReplicaSet latest = null;
    ReplicaSet previous = null;
    long latestRevision = -1;
    long previousRevision = -1;
    for (ReplicaSet rs : owned) {
      if (!rs.getMetadata().containsAnnotations(Revisions.REVISION)) {
        continue;
      }
      long v = Revisions.of(rs.getMetadata().getAnnotationsMap());
      if (toRevision == 0) {
        if (latestRevision < v) {
          previousRevision = latestRevision;
          previous = latest;
          latestRevision = v;
          latest = rs;
        } else if (previousRevision < v) {
          previousRevision = v;
          previous = rs;
        }
      } else if (toRevision == v) {
        return rs;
      }
    }
    if (toRevision > 0) {
      throw CliException.error("unable to find specified revision " + toRevision + " in history");
    }
    if (previous == null) {
      throw CliException.error("no rollout history found for deployment \"" + d.getMetadata().getName() + "\"");
    }
    return previous;
  }

  public static Plan plan(Deployment d, List<ReplicaSet> owned, long toRevision) {
    if (d.getSpec().getPaused()) {
      throw CliException.error("you cannot rollback a paused deployment; resume it first with "
          + "'kubectl rollout resume' and try again");
    }
    ReplicaSet rs = revision(d, owned, toRevision);
    var template = Revisions.withoutHash(rs.getSpec().getTemplate());
    if (template.equals(Revisions.withoutHash(d.getSpec().getTemplate()))) {
      return new Plan(null, "skipped rollback (current template already matches revision "
          + Revisions.of(rs.getMetadata().getAnnotationsMap()) + ")");
    }
    Map<String, String> annotations = new HashMap<>();
    for (String k : Revisions.NOT_COPIED_BACK) {
      if (d.getMetadata().containsAnnotations(k)) {
        annotations.put(k, d.getMetadata().getAnnotationsOrThrow(k));
      }
    }
    rs.getMetadata().getAnnotationsMap().forEach((k, v) -> {
      if (!Revisions.NOT_COPIED_BACK.contains(k)) {
        annotations.put(k, v);
      }
    });
    Deployment rolledBack = d.toBuilder()
        .setMetadata(d.getMetadata().toBuilder().clearAnnotations().putAllAnnotations(annotations))
        .setSpec(d.getSpec().toBuilder().setTemplate(template)).build();
    return new Plan(rolledBack, null);
  }
}
