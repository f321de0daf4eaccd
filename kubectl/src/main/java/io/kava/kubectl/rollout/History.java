package io.kava.kubectl.rollout;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.kubectl.CliException;
import io.kava.kubectl.describe.PodTemplateText;
import io.kava.kubectl.print.ColumnBlocks;
import java.util.List;
import java.util.TreeMap;

/** `rollout history` (upstream DeploymentHistoryViewer): the revisions of a Deployment's ReplicaSets. */
public final class History {
  private History() {}

  /**
   * Without a revision: the REVISION / CHANGE-CAUSE table. With one: that revision's pod template, as
   * describe shows it.
   */
  public static String view(List<ReplicaSet> owned, long revision) {
    TreeMap<Long, ReplicaSet> byRevision = new TreeMap<>();
    for (ReplicaSet rs : owned) {
      long v = Revisions.of(rs.getMetadata().getAnnotationsMap());
      if (v > 0 || rs.getMetadata().containsAnnotations(Revisions.REVISION)) {
        byRevision.put(v, rs);
      }
    }
    if (byRevision.isEmpty()) {
      return "No rollout history found.";
    }
    if (revision > 0) {
      ReplicaSet rs = byRevision.get(revision);
      if (rs == null) {
        throw CliException.error("unable to find the specified revision");
      }
      return PodTemplateText.of(rs.getSpec().getTemplate());
    }
    StringBuilder table = new StringBuilder("REVISION\tCHANGE-CAUSE\n");
    byRevision.forEach((v, rs) -> table.append(v).append('\t')
        .append(rs.getMetadata().getAnnotationsOrDefault(Revisions.CHANGE_CAUSE, "<none>")).append('\n'));
    return new ColumnBlocks(0, 2).format(table.toString());
  }
}
