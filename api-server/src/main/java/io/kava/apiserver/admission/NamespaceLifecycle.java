package io.kava.apiserver.admission;

import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's NamespaceLifecycle admission: objects go only into namespaces that exist and are not being
 * deleted; the system namespaces exist from the start and cannot be deleted.
 */
public final class NamespaceLifecycle {
  public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
  private static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");

  private final Storage storage;
  private final Keys keys;

  public NamespaceLifecycle(Storage storage, Keys keys) {
    this.storage = storage;
    this.keys = keys;
  }

  /** Refuses creating an object of a namespaced kind in a missing or terminating namespace. */
  public void admitCreate(Kind kind, String namespace, String name) {
    if (!kind.namespaced() || namespace.isEmpty()) {
      return;
    }
    Optional<KeyValue> stored = storage.get(keys.key(Kinds.NAMESPACE, "", namespace));
    if (stored.isEmpty()) {
      throw ApiError.notFound(Kinds.NAMESPACE, namespace);
    }
    Namespace ns = (Namespace) Codec.decode(Kinds.NAMESPACE, stored.get().value(), stored.get().modRevision());
    if (!ns.getMetadata().getDeletionTimestamp().isEmpty() || ns.getStatus().getPhase().equals("Terminating")) {
      throw ApiError.forbidden(kind, name,
          "unable to create new content in namespace " + namespace + " because it is being terminated");
    }
  }

  public void admitDelete(Kind kind, String name) {
    if (kind.equals(Kinds.NAMESPACE) && UNDELETABLE.contains(name)) {
      throw ApiError.forbidden(kind, name, "this namespace may not be deleted");
    }
  }
}
