package io.kava.controllermanager.deployment;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.client.ApiObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rollout history kept in annotations, as upstream: every ReplicaSet carries the revision it last served
 * (the new one gets the highest old revision + 1, so one rolled back to gets a new number and remembers
 * its earlier ones in revision-history), the Deployment carries its new ReplicaSet's revision, and
 * ReplicaSets record the Deployment size they were scaled for (desired-replicas, max-replicas).
 */
final class Revisions {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
  /** Upstream maxRevHistoryLengthInChars: the history annotation keeps its newest entries within this. */
  static final int MAX_HISTORY_CHARS = 2000;

  /** Deployment annotations that are the controller's own and never copied onto ReplicaSets. */
  private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
      MAX_REPLICAS, DEPRECATED_ROLLBACK_TO);

  private Revisions() {}

  /** The object's revision, 0 when it has none; throws NumberFormatException for a garbled one. */
  static long revision(Message object) {
    String v = ApiObjects.meta(object).getAnnotationsMap().get(REVISION);
    return v == null ? 0 : Long.parseLong(v);
  }

  /** The highest revision among the ReplicaSets, skipping garbled ones (upstream MaxRevision). */
  static long maxRevision(List<ReplicaSet> list) {
    long max = 0;
    for (ReplicaSet rs : list) {
      try {
        max = Math.max(max, revision(rs));
      } catch (NumberFormatException e) {
        // upstream skips replica sets whose revision cannot be parsed
      }
    }
    return max;
  }

  /** Lowest revision first, creation order among equal or garbled ones (upstream ReplicaSetsByRevision). */
  static final Comparator<ReplicaSet> BY_REVISION = (a, b) -> {
    try {
      long ra = revision(a);
      long rb = revision(b);
      if (ra != rb) {
        return Long.compare(ra, rb);
      }
    } catch (NumberFormatException e) {
      // fall through to creation order
    }
    return ReplicaSets.BY_CREATION.compare(a, b);
  };

  static Integer intAnnotation(ReplicaSet rs, String key) {
    String v = rs.getMetadata().getAnnotationsMap().get(key);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Brings a new ReplicaSet's annotations up to date in {@code annotations} (a mutable copy): the
   * Deployment's own annotations, the revision raised to {@code newRevision} (keeping the replaced one in
   * revision-history) and, for a ReplicaSet about to be created, desired and max replicas. Returns
   * whether anything changed (upstream SetNewReplicaSetAnnotations).
   */
  static boolean setNewReplicaSetAnnotations(Deployment d, Map<String, String> annotations, long newRevision,
      boolean exists) {
    boolean changed = copyDeploymentAnnotations(d, annotations);
    String oldRevision = annotations.get(REVISION);
    long oldRevisionNumber;
    try {
      oldRevisionNumber = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
    } catch (NumberFormatException e) {
      return false; // upstream leaves a ReplicaSet with a garbled revision alone
    }
    if (oldRevisionNumber < newRevision) {
      annotations.put(REVISION, Long.toString(newRevision));
      changed = true;
      if (oldRevision != null) {
        appendHistory(annotations, oldRevision);
      }
    }
    if (!exists && setReplicasAnnotations(annotations, DeploymentSpecs.replicas(d),
        DeploymentSpecs.replicas(d) + Fenceposts.maxSurge(d))) {
      changed = true;
    }
    return changed;
  }

  /** A ReplicaSet rolled back to keeps the revisions it served before, newest last, within the length limit. */
  private static void appendHistory(Map<String, String> annotations, String oldRevision) {
    String history = annotations.getOrDefault(REVISION_HISTORY, "");
    if (history.isEmpty()) {
      annotations.put(REVISION_HISTORY, oldRevision);
      return;
    }
    List<String> entries = new ArrayList<>(Arrays.asList(history.split(",", -1)));
    int totalLength = history.length() + oldRevision.length() + 1;
    int start = 0;
    while (totalLength > MAX_HISTORY_CHARS && start < entries.size()) {
      totalLength -= entries.get(start).length() + 1;
      start++;
    }
    if (totalLength <= MAX_HISTORY_CHARS) {
      List<String> kept = new ArrayList<>(entries.subList(start, entries.size()));
      kept.add(oldRevision);
      annotations.put(REVISION_HISTORY, String.join(",", kept));
    }
  }

  /** Copies the Deployment's annotations except the controller's own (upstream copyDeploymentAnnotationsToReplicaSet). */
  private static boolean copyDeploymentAnnotations(Deployment d, Map<String, String> annotations) {
    boolean changed = false;
    for (Map.Entry<String, String> e : d.getMetadata().getAnnotationsMap().entrySet()) {
      if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(annotations.get(e.getKey()))) {
        continue;
      }
      annotations.put(e.getKey(), e.getValue());
      changed = true;
    }
    return changed;
  }

  static boolean setReplicasAnnotations(Map<String, String> annotations, int desired, int max) {
    boolean changed = false;
    if (!Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))) {
      annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
      changed = true;
    }
    if (!Integer.toString(max).equals(annotations.get(MAX_REPLICAS))) {
      annotations.put(MAX_REPLICAS, Integer.toString(max));
      changed = true;
    }
    return changed;
  }

  static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
    Map<String, String> a = rs.getMetadata().getAnnotationsMap();
    return !Integer.toString(desired).equals(a.get(DESIRED_REPLICAS)) || !Integer.toString(max).equals(a.get(MAX_REPLICAS));
  }

  /** The Deployment with its revision annotation set, or null when it already has it (upstream SetDeploymentRevision). */
  static Deployment withRevision(Deployment d, String revision) {
    if (revision.equals(d.getMetadata().getAnnotationsMap().get(REVISION))) {
      return null;
    }
    return d.toBuilder().setMetadata(d.getMetadata().toBuilder().putAnnotations(REVISION, revision)).build();
  }
}
