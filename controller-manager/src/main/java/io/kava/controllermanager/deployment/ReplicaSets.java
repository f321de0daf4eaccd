package io.kava.controllermanager.deployment;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.client.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/** Counting, ordering and finding a Deployment's ReplicaSets (upstream deployment util and controller_utils). */
final class ReplicaSets {
  private ReplicaSets() {}

  /** spec.replicas with the apps/v1 default of 1. */
  static int replicas(ReplicaSet rs) {
    return rs.getSpec().hasReplicas() ? rs.getSpec().getReplicas() : 1;
  }

  /** Sum of spec.replicas (null entries, a new ReplicaSet not created yet, count 0). */
  static int specReplicas(List<ReplicaSet> list) {
    return sum(list, ReplicaSets::replicas);
  }

  /** Sum of status.replicas: pods that exist. */
  static int actualReplicas(List<ReplicaSet> list) {
    return sum(list, rs -> rs.getStatus().getReplicas());
  }

  static int readyReplicas(List<ReplicaSet> list) {
    return sum(list, rs -> rs.getStatus().getReadyReplicas());
  }

  static int availableReplicas(List<ReplicaSet> list) {
    return sum(list, rs -> rs.getStatus().getAvailableReplicas());
  }

  private static int sum(List<ReplicaSet> list, ToIntFunction<ReplicaSet> f) {
    int total = 0;
    for (ReplicaSet rs : list) {
      if (rs != null) {
        total += f.applyAsInt(rs);
      }
    }
    return total;
  }

  /** Upstream FilterActiveReplicaSets: non-null with spec.replicas > 0. */
  static List<ReplicaSet> active(List<ReplicaSet> list) {
    List<ReplicaSet> active = new ArrayList<>();
    for (ReplicaSet rs : list) {
      if (rs != null && replicas(rs) > 0) {
        active.add(rs);
      }
    }
    return active;
  }

  /** A list of the old ReplicaSets plus the new one (which may be null, as upstream's append). */
  static List<ReplicaSet> plus(List<ReplicaSet> oldRSs, ReplicaSet newRS) {
    List<ReplicaSet> all = new ArrayList<>(oldRSs);
    all.add(newRS);
    return all;
  }

  static Instant created(ReplicaSet rs) {
    Instant t = Times.parse(rs.getMetadata().getCreationTimestamp());
    return t == null ? Instant.EPOCH : t;
  }

  /** Oldest first, then by name (upstream ReplicaSetsByCreationTimestamp). */
  static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing(ReplicaSets::created)
      .thenComparing(rs -> rs.getMetadata().getName());

  /** Largest first; of equal size the newer first (upstream ReplicaSetsBySizeNewer, used to scale up). */
  static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator.comparingInt(ReplicaSets::replicas).reversed()
      .thenComparing(ReplicaSets::created, Comparator.reverseOrder());

  /** Largest first; of equal size the older first, then by name (upstream ReplicaSetsBySizeOlder, to scale down). */
  static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator.comparingInt(ReplicaSets::replicas).reversed()
      .thenComparing(BY_CREATION);

  static List<ReplicaSet> sorted(List<ReplicaSet> list, Comparator<ReplicaSet> order) {
    List<ReplicaSet> copy = new ArrayList<>(list);
    copy.sort(order);
    return copy;
  }

  /** Whether two templates are equal apart from the pod-template-hash label (upstream EqualIgnoreHash). */
  static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
    return withoutHash(a).equals(withoutHash(b));
  }

  private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
    if (!t.getMetadata().containsLabels(PodTemplateHash.LABEL)) {
      return t;
    }
    return t.toBuilder().setMetadata(t.getMetadata().toBuilder().removeLabels(PodTemplateHash.LABEL)).build();
  }

  /** The oldest ReplicaSet whose template is the Deployment's, or null (upstream FindNewReplicaSet). */
  static ReplicaSet findNew(Deployment d, List<ReplicaSet> list) {
    for (ReplicaSet rs : sorted(list, BY_CREATION)) {
      if (equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
        return rs;
      }
    }
    return null;
  }

  /** Every ReplicaSet but the new one (upstream FindOldReplicaSets' second result). */
  static List<ReplicaSet> findOld(Deployment d, List<ReplicaSet> list) {
    ReplicaSet newRS = findNew(d, list);
    List<ReplicaSet> old = new ArrayList<>();
    for (ReplicaSet rs : list) {
      if (newRS == null || !rs.getMetadata().getUid().equals(newRS.getMetadata().getUid())) {
        old.add(rs);
      }
    }
    return old;
  }

  /**
   * The only active ReplicaSet, or the newest (the new one first) when none is active; null when several
   * are active and scaling must be proportional (upstream FindActiveOrLatest).
   */
  static ReplicaSet findActiveOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
    if (newRS == null && oldRSs.isEmpty()) {
      return null;
    }
    List<ReplicaSet> newestFirst = sorted(oldRSs, BY_CREATION.reversed());
    List<ReplicaSet> active = active(plus(newestFirst, newRS));
    return switch (active.size()) {
      case 0 -> newRS != null ? newRS : newestFirst.get(0);
      case 1 -> active.get(0);
      default -> null;
    };
  }

  /** Owns all desired replicas, believes it should (annotation) and has them all available (upstream IsSaturated). */
  static boolean isSaturated(Deployment d, ReplicaSet rs) {
    if (rs == null) {
      return false;
    }
    Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
    int replicas = DeploymentSpecs.replicas(d);
    return desired != null && replicas(rs) == replicas && desired == replicas
        && rs.getStatus().getAvailableReplicas() == replicas;
  }
}
