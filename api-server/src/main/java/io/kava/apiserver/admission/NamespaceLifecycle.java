package io.kava.apiserver.admission;

import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Upstream's NamespaceLifecycle admission: objects go only into namespaces that exist and are not being
 * deleted; the system namespaces exist from the start and cannot be deleted.
 *
 * <p>As upstream, the namespace is read from a cache (the API server's own watch cache), so a create costs
 * no storage read; a namespace the cache lacks (just created, the cache not caught up yet) is read from
 * storage, and so is, for a while, a namespace this server was asked to delete (upstream's
 * forceLiveLookup), whose Terminating state the cache may not show yet.
 */
public final class NamespaceLifecycle {
  public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
  private static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");
  /** Upstream's forceLiveLookupTTL. */
  static final Duration LIVE_LOOKUP_AFTER_DELETE = Duration.ofSeconds(30);

  private final Storage storage;
  private final Keys keys;
  private final Function<String, Optional<Namespace>> cache;
  private final Clock clock;
  private final Map<String, Instant> liveLookupUntil = new ConcurrentHashMap<>();

  /** Reads every namespace from storage. */
  public NamespaceLifecycle(Storage storage, Keys keys) {
    this(storage, keys, name -> Optional.empty(), Clock.systemUTC());
  }

  /** Reads namespaces from the cache first (by name; empty when it lacks one or is not ready). */
  public NamespaceLifecycle(Storage storage, Keys keys, Function<String, Optional<Namespace>> cache, Clock clock) {
    this.storage = storage;
    this.keys = keys;
    this.cache = cache;
    this.clock = clock;
  }

  /** Refuses creating an object of a namespaced kind in a missing or terminating namespace. */
  public void admitCreate(Kind kind, String namespace, String name) {
    if (!kind.namespaced() || namespace.isEmpty()) {
      return;
    }
    Namespace ns = (mustLookUpLive(namespace) ? Optional.<Namespace>empty() : cache.apply(namespace))
        .or(() -> stored(namespace))
        .orElseThrow(() -> ApiError.notFound(Kinds.NAMESPACE, namespace));
    if (!ns.getMetadata().getDeletionTimestamp().isEmpty() || ns.getStatus().getPhase().equals("Terminating")) {
      throw ApiError.forbidden(kind, name,
          "unable to create new content in namespace " + namespace + " because it is being terminated");
    }
  }

  /** The namespace as admission sees it (cache first, then storage), for plugins that read its labels. */
  public Optional<Namespace> lookUp(String namespace) {
    return cache.apply(namespace).or(() -> stored(namespace));
  }

  private Optional<Namespace> stored(String namespace) {
    Optional<KeyValue> stored = storage.get(keys.key(Kinds.NAMESPACE, "", namespace));
    return stored.map(kv -> (Namespace) Codec.decode(Kinds.NAMESPACE, kv.value(), kv.modRevision()));
  }

  private boolean mustLookUpLive(String namespace) {
    Instant until = liveLookupUntil.get(namespace);
    if (until == null) {
      return false;
    }
    if (clock.instant().isBefore(until)) {
      return true;
    }
    liveLookupUntil.remove(namespace, until);
    return false;
  }

  public void admitDelete(Kind kind, String name) {
    if (kind.equals(Kinds.NAMESPACE) && UNDELETABLE.contains(name)) {
      throw ApiError.forbidden(kind, name, "this namespace may not be deleted");
    }
    if (kind.equals(Kinds.NAMESPACE)) {
      liveLookupUntil.put(name, clock.instant().plus(LIVE_LOOKUP_AFTER_DELETE));
    }
  }
}
