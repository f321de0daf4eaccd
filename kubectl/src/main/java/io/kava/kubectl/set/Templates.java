package io.kava.kubectl.set;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.resource.ObjectNames;
import java.util.function.UnaryOperator;

/** The pod template of the kinds `set image` and `set env` change: Deployments and ReplicaSets. */
public final class Templates {
  private Templates() {}

  public static void check(Kind kind) {
    if (!kind.equals(Kinds.DEPLOYMENT) && !kind.equals(Kinds.REPLICA_SET)) {
      throw CliException.error("cannot change the pod template of " + ObjectNames.singular(kind)
          + ": only deployments and replicasets have one here");
    }
  }

  public static PodTemplateSpec of(Message object) {
    if (object instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    return ((ReplicaSet) object).getSpec().getTemplate();
  }

  public static Message change(Message object, UnaryOperator<PodTemplateSpec> change) {
    if (object instanceof Deployment d) {
      return d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(change.apply(d.getSpec().getTemplate()))).build();
    }
    ReplicaSet rs = (ReplicaSet) object;
    return rs.toBuilder().setSpec(rs.getSpec().toBuilder().setTemplate(change.apply(rs.getSpec().getTemplate()))).build();
  }
}
