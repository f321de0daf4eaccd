package io.kava.controllermanager.util;

import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.informer.Lister;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reading and changing metadata.ownerReferences of any kind, as upstream's metav1 helpers. */
public final class OwnerReferences {
  /** Informer index name: dependents by the uid of each of their owners. */
  public static final String OWNER_UID_INDEX = "ownerUid";

  private OwnerReferences() {}

  /** Index function for {@link #OWNER_UID_INDEX}: every owner uid an object names. */
  public static Collection<String> ownerUids(Message object) {
    return ApiObjects.meta(object).getOwnerReferencesList().stream().map(OwnerReference::getUid).toList();
  }

  /** The reference marked controller: true, if any (an object has at most one). */
  public static Optional<OwnerReference> controllerOf(Message object) {
    return ApiObjects.meta(object).getOwnerReferencesList().stream()
        .filter(r -> r.hasController() && r.getController()).findFirst();
  }

  /** Whether the object's controller reference names this owner uid. */
  public static boolean isControlledBy(Message object, String ownerUid) {
    return controllerOf(object).map(r -> r.getUid().equals(ownerUid)).orElse(false);
  }

  /** Whether any owner reference of the object names this uid. */
  public static boolean hasOwner(Message object, String ownerUid) {
    return ApiObjects.meta(object).getOwnerReferencesList().stream().anyMatch(r -> r.getUid().equals(ownerUid));
  }

  /** The reference a controller puts on what it creates or adopts: controller and blockOwnerDeletion true. */
  public static OwnerReference newControllerRef(Message owner) {
    Kind kind = Kinds.of(owner);
    ObjectMeta meta = ApiObjects.meta(owner);
    return OwnerReference.newBuilder().setApiVersion(kind.apiVersion()).setKind(kind.kind())
        .setName(meta.getName()).setUid(meta.getUid()).setController(true).setBlockOwnerDeletion(true).build();
  }

  /** Whether the reference points at an object of this kind (apiVersion and kind both match). */
  public static boolean refersTo(OwnerReference ref, Kind kind) {
    return ref.getKind().equals(kind.kind()) && ref.getApiVersion().equals(kind.apiVersion());
  }

  /** The owner a reference names, if the cache holds an object of that kind with the same uid. */
  public static <T extends Message> Optional<T> resolve(Lister<T> owners, Kind kind, String namespace,
      OwnerReference ref) {
    if (!refersTo(ref, kind)) {
      return Optional.empty();
    }
    return owners.get(namespace, ref.getName()).filter(o -> ApiObjects.meta(o).getUid().equals(ref.getUid()));
  }

  /** A copy with the reference added, replacing any reference to the same uid. */
  public static <T extends Message> T withOwnerReference(T object, OwnerReference ref) {
    ObjectMeta meta = ApiObjects.meta(object);
    ObjectMeta.Builder b = meta.toBuilder().clearOwnerReferences();
    for (OwnerReference r : meta.getOwnerReferencesList()) {
      if (!r.getUid().equals(ref.getUid())) {
        b.addOwnerReferences(r);
      }
    }
    b.addOwnerReferences(ref);
    return ApiObjects.withMeta(object, b.build());
  }

  /** A copy without the references to these owner uids. */
  public static <T extends Message> T withoutOwnerReferences(T object, Collection<String> ownerUids) {
    ObjectMeta meta = ApiObjects.meta(object);
    List<OwnerReference> kept = meta.getOwnerReferencesList().stream()
        .filter(r -> !ownerUids.contains(r.getUid())).toList();
    return ApiObjects.withMeta(object, meta.toBuilder().clearOwnerReferences().addAllOwnerReferences(kept).build());
  }

  /** A copy whose references all have blockOwnerDeletion false (upstream's cycle breaker). */
  public static <T extends Message> T withNonBlockingOwnerReferences(T object) {
    ObjectMeta meta = ApiObjects.meta(object);
    ObjectMeta.Builder b = meta.toBuilder().clearOwnerReferences();
    for (OwnerReference r : meta.getOwnerReferencesList()) {
      b.addOwnerReferences(r.hasBlockOwnerDeletion() && r.getBlockOwnerDeletion()
          ? r.toBuilder().setBlockOwnerDeletion(false).build() : r);
    }
    return ApiObjects.withMeta(object, b.build());
  }

  public static boolean blocksOwnerDeletion(OwnerReference ref) {
    return ref.hasBlockOwnerDeletion() && ref.getBlockOwnerDeletion();
  }
}
