package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.autoscaling.v1.ScaleSpec;
import io.kava.api.autoscaling.v1.ScaleStatus;
import io.grpc.Status;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.v1.StatusCause;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.selector.LabelSelectors;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The scale subresource (upstream's deployments/scale and replicasets/scale): an object seen as an
 * autoscaling/v1 Scale, and a Scale written back as a change of spec.replicas only. StatefulSets too.
 */
public final class Scales {
  /** How one kind's replicas and selector are read and its replicas written. */
  private record Access(ToIntFunction<Message> specReplicas, ToIntFunction<Message> statusReplicas,
      Function<Message, LabelSelector> selector, BiFunction<Message, Integer, Message> withReplicas) {}

  private static final Map<Kind, Access> ACCESS = Map.of(
      Kinds.DEPLOYMENT, new Access(o -> ((Deployment) o).getSpec().getReplicas(),
          o -> ((Deployment) o).getStatus().getReplicas(), o -> ((Deployment) o).getSpec().getSelector(),
          (o, n) -> ((Deployment) o).toBuilder().setSpec(((Deployment) o).getSpec().toBuilder().setReplicas(n)).build()),
      Kinds.REPLICA_SET, new Access(o -> ((ReplicaSet) o).getSpec().getReplicas(),
          o -> ((ReplicaSet) o).getStatus().getReplicas(), o -> ((ReplicaSet) o).getSpec().getSelector(),
          (o, n) -> ((ReplicaSet) o).toBuilder().setSpec(((ReplicaSet) o).getSpec().toBuilder().setReplicas(n)).build()),
      Kinds.STATEFUL_SET, new Access(o -> ((StatefulSet) o).getSpec().getReplicas(),
          o -> ((StatefulSet) o).getStatus().getReplicas(), o -> ((StatefulSet) o).getSpec().getSelector(),
          (o, n) -> ((StatefulSet) o).toBuilder().setSpec(((StatefulSet) o).getSpec().toBuilder().setReplicas(n)).build()));

  private final Registry registry;

  public Scales(Registry registry) {
    this.registry = registry;
  }

  public Scale get(Kind kind, String namespace, String name) {
    Access access = access(kind);
    return toScale(access, registry.get(kind, namespace, name));
  }

  /**
   * Sets spec.replicas from the Scale. A resourceVersion in the Scale must be the object's (else a
   * Conflict, as upstream); without one the write is still compare-and-swap on what was read here.
   */
  public Scale update(Kind kind, Scale scale, boolean dryRun) {
    Access access = access(kind);
    ObjectMeta in = scale.getMetadata();
    if (scale.getSpec().getReplicas() < 0) {
      FieldError error = FieldError.invalid("spec.replicas", scale.getSpec().getReplicas(),
          "must be greater than or equal to 0");
      throw new ApiError(Status.Code.INVALID_ARGUMENT, "Invalid", "Scale.autoscaling \"" + in.getName()
          + "\" is invalid: " + error, List.of(StatusCause.newBuilder().setField(error.field())
          .setReason(error.type().reason()).setMessage(error.body()).build()), "Scale", in.getName());
    }
    // Without a resourceVersion the caller asked for "replicas = N" whatever else changed, as
    // `kubectl scale` does: a write in between (the controller's status) is read again and the update
    // retried, as upstream's GuaranteedUpdate does, instead of failing with a conflict.
    boolean unconditional = in.getResourceVersion().isEmpty();
    Message updated = GuaranteedUpdate.run(() -> registry.get(kind, in.getNamespace(), in.getName()), current -> {
      ObjectMeta meta = io.kava.client.ApiObjects.meta(current);
      if (!unconditional && !in.getResourceVersion().equals(meta.getResourceVersion())) {
        throw ApiError.modified(kind, in.getName());
      }
      if (!in.getUid().isEmpty() && !in.getUid().equals(meta.getUid())) {
        throw ApiError.conflict(kind, in.getName(), "Precondition failed: UID in precondition: " + in.getUid()
            + ", UID in object meta: " + meta.getUid());
      }
      return new GuaranteedUpdate.Attempt(access.withReplicas().apply(current, scale.getSpec().getReplicas()),
          unconditional);
    }, object -> registry.update(object, dryRun), UNCONDITIONAL_ATTEMPTS);
    return toScale(access, updated);
  }

  /** Enough for any burst of status writes; a key rewritten that often in a row is a hot loop elsewhere. */
  private static final int UNCONDITIONAL_ATTEMPTS = 10;

  private static Scale toScale(Access access, Message object) {
    ObjectMeta meta = io.kava.client.ApiObjects.meta(object);
    return Scale.newBuilder().setApiVersion("autoscaling/v1").setKind("Scale")
        .setMetadata(ObjectMeta.newBuilder().setName(meta.getName()).setNamespace(meta.getNamespace())
            .setUid(meta.getUid()).setResourceVersion(meta.getResourceVersion())
            .setCreationTimestamp(meta.getCreationTimestamp()))
        .setSpec(ScaleSpec.newBuilder().setReplicas(access.specReplicas().applyAsInt(object)))
        .setStatus(ScaleStatus.newBuilder().setReplicas(access.statusReplicas().applyAsInt(object))
            .setSelector(LabelSelectors.toString(access.selector().apply(object))))
        .build();
  }

  private static Access access(Kind kind) {
    Access access = ACCESS.get(kind);
    if (access == null) {
      throw ApiError.unknownResource(kind.resource() + "/scale");
    }
    return access;
  }
}
