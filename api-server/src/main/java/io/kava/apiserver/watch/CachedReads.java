package io.kava.apiserver.watch;

import com.google.protobuf.Message;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kind;
import java.util.Optional;

/**
 * One object by key, from its watch cache (as upstream's admission and token authenticator read their
 * informers), from etcd when the cache does not have it: a miss costs one read, so an object just created
 * is found and one just deleted is not.
 */
public final class CachedReads {
  private final WatchCaches caches;
  private final Storage storage;
  private final Keys keys;

  public CachedReads(WatchCaches caches, Storage storage, Keys keys) {
    this.caches = caches;
    this.storage = storage;
    this.keys = keys;
  }

  public <T extends Message> Optional<T> get(Kind kind, Class<T> type, String namespace, String name) {
    String key = keys.key(kind, namespace, name);
    Optional<Message> cached = caches.of(kind).cached(key);
    if (cached.isPresent()) {
      return cached.map(type::cast);
    }
    return storage.get(key).map(kv -> type.cast(Codec.decode(kind, kv.value(), kv.modRevision())));
  }
}
