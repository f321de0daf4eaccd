package io.kava.kubectl.rollout;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.client.ListOptions;
import io.kava.client.selector.LabelSelectors;
import io.kava.kubectl.Session;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The ReplicaSets a Deployment controls (upstream GetAllReplicaSets): its controller reference and its selector. */
public final class DeploymentReplicaSets {
  private DeploymentReplicaSets() {}

  public static List<ReplicaSet> of(Session session, Deployment d) {
    String selector = LabelSelectors.toString(d.getSpec().getSelector());
    List<ReplicaSet> owned = new ArrayList<>();
    for (Message m : session.resource(Kinds.REPLICA_SET)
        .list(new ListOptions(d.getMetadata().getNamespace(), selector, "")).items()) {
      ReplicaSet rs = (ReplicaSet) m;
      if (rs.getMetadata().getOwnerReferencesList().stream()
          .anyMatch(r -> r.getController() && r.getUid().equals(d.getMetadata().getUid()))) {
        owned.add(rs);
      }
    }
    owned.sort(Comparator.comparingLong(rs -> Revisions.of(rs.getMetadata().getAnnotationsMap())));
    return owned;
  }
}
