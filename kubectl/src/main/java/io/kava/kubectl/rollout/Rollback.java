package io.kava.kubectl.rollout;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.client.history.ControllerRevisions;
import io.kava.kubectl.CliException;
import io.kava.kubectl.set.Templates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * `rollout undo` (upstream DeploymentRollbacker, StatefulSetRollbacker, DaemonSetRollbacker): the
 * ReplicaSet of the chosen revision (the previous one by default) gives its template, without
 * pod-template-hash, and its annotations back to the Deployment; the deployment controller then finds
 * that ReplicaSet by its template and scales it up. A StatefulSet or DaemonSet gets the template of the
 * chosen ControllerRevision; its controller then re-uses that revision.
 */
public final class Rollback {
  private Rollback() {}

  /** What undo decided: the object to write, or null with the reason it was skipped. */
  public record Plan(Message object, String skipped) {}

  /**
   * Upstream findHistory: the given revision, or (0) the one before the newest.
   *
   * @throws CliException with kubectl's message when there is no such revision
   */
  public static Plan planForSet(Message set, List<ControllerRevision> history, long toRevision) {
    if (toRevision < 0) {
      throw notFound(toRevision);
    }
    if (toRevision == 0 && history.size() <= 1) {
      throw CliException.error("no last revision to roll back to");
    }
    List<ControllerRevision> sorted = history.stream().sorted(ControllerRevisions.BY_REVISION).toList();
    ControllerRevision chosen = toRevision == 0 ? sorted.get(sorted.size() - 2)
        : sorted.stream().filter(r -> r.getRevision() == toRevision).findFirst().orElseThrow(() -> notFound(toRevision));
    PodTemplateSpec template;
    try {
      template = ControllerRevisions.template(chosen);
    } catch (IllegalArgumentException e) {
      throw CliException.error(e.getMessage());
    }
    if (template.equals(Templates.of(set))) {
      // kubectl names the revision asked for here, 0 included.
      return new Plan(null, skipped(toRevision));
    }
    return new Plan(Templates.change(set, t -> template), null);
  }

  private static String skipped(long revision) {
    return "skipped rollback (current template already matches revision " + revision + ")";
  }

  private static CliException notFound(long revision) {
    return CliException.error("unable to find specified revision " + revision + " in history");
  }

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
      throw notFound(toRevision);
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
      return new Plan(null, skipped(Revisions.of(rs.getMetadata().getAnnotationsMap())));
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
