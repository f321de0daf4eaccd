package io.kava.kubectl.set;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.resource.ObjectNames;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The pod template of the kinds `set image`, `set env` and `rollout undo` change: Deployments,
 * ReplicaSets, StatefulSets and DaemonSets.
 */
public final class Templates {
  private static final Set<Kind> WITH_TEMPLATE = Set.of(Kinds.DEPLOYMENT, Kinds.REPLICA_SET, Kinds.STATEFUL_SET,
      Kinds.DAEMON_SET);

  private Templates() {}

  public static void check(Kind kind) {
    if (!WITH_TEMPLATE.contains(kind)) {
      throw CliException.error("cannot change the pod template of " + ObjectNames.singular(kind)
          + ": only deployments, replicasets, statefulsets and daemonsets have one here");
    }
  }

  public static PodTemplateSpec of(Message object) {
    if (object instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (object instanceof StatefulSet set) {
      return set.getSpec().getTemplate();
    }
    if (object instanceof DaemonSet ds) {
      return ds.getSpec().getTemplate();
    }
    return ((ReplicaSet) object).getSpec().getTemplate();
  }

  public static Message change(Message object, UnaryOperator<PodTemplateSpec> change) {
    if (object instanceof Deployment d) {
      return d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(change.apply(d.getSpec().getTemplate()))).build();
    }
    if (object instanceof StatefulSet set) {
      return set.toBuilder().setSpec(set.getSpec().toBuilder().setTemplate(change.apply(set.getSpec().getTemplate())))
          .build();
    }
    if (object instanceof DaemonSet ds) {
      return ds.toBuilder().setSpec(ds.getSpec().toBuilder().setTemplate(change.apply(ds.getSpec().getTemplate())))
          .build();
    }
    ReplicaSet rs = (ReplicaSet) object;
    return rs.toBuilder().setSpec(rs.getSpec().toBuilder().setTemplate(change.apply(rs.getSpec().getTemplate()))).build();
  }
}
