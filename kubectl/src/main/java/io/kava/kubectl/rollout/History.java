package io.kava.kubectl.rollout;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.kubectl.CliException;
import io.kava.kubectl.describe.PodTemplateText;
import io.kava.kubectl.print.ColumnBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * `rollout history` (upstream DeploymentHistoryViewer and printHistory for StatefulSets and DaemonSets):
 * the revisions of a Deployment's ReplicaSets or of a set's ControllerRevisions, printed the same way.
 */
public final class History {
  private History() {}

  /** One revision: its number, its change-cause annotation (or null) and, read only when asked, its template. */
  public record Entry(long revision, String changeCause, Supplier<PodTemplateSpec> template) {}

  /** A Deployment's ReplicaSets that carry a revision annotation. */
  public static List<Entry> ofReplicaSets(List<ReplicaSet> owned) {
    List<Entry> entries = new ArrayList<>();
    for (ReplicaSet rs : owned) {
      long v = Revisions.of(rs.getMetadata().getAnnotationsMap());
      if (v > 0 || rs.getMetadata().containsAnnotations(Revisions.REVISION)) {
        entries.add(new Entry(v, rs.getMetadata().getAnnotationsMap().get(Revisions.CHANGE_CAUSE),
            () -> rs.getSpec().getTemplate()));
      }
    }
    return entries;
  }

  /**
   * Without a revision: the REVISION / CHANGE-CAUSE table. With one: that revision's pod template, as
   * describe shows it.
   */
  public static String view(List<Entry> entries, long revision) {
    TreeMap<Long, Entry> byRevision = new TreeMap<>();
    entries.forEach(e -> byRevision.put(e.revision(), e));
    if (byRevision.isEmpty()) {
      return "No rollout history found.";
    }
    if (revision > 0) {
      Entry e = byRevision.get(revision);
      if (e == null) {
        throw CliException.error("unable to find the specified revision");
      }
      PodTemplateSpec template;
      try {
        template = e.template().get();
      } catch (IllegalArgumentException unreadable) {
        throw CliException.error(unreadable.getMessage());
      }
      return PodTemplateText.of(template);
    }
    StringBuilder table = new StringBuilder("REVISION\tCHANGE-CAUSE\n");
    byRevision.forEach((v, e) -> table.append(v).append('\t')
        .append(e.changeCause() == null || e.changeCause().isEmpty() ? "<none>" : e.changeCause()).append('\n'));
    return new ColumnBlocks(0, 2).format(table.toString());
  }
}
