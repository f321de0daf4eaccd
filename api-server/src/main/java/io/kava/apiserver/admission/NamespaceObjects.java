package io.kava.apiserver.admission;

import com.google.protobuf.Message;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.watch.WatchCache;
import io.kava.apiserver.watch.WatchFilter;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.util.List;

/**
 * The objects of one kind in a namespace as admission reads them: from the watch cache (as upstream's
 * plugins read their informers), so a create costs etcd no extra read; from etcd while the cache is not
 * ready.
 */
public final class NamespaceObjects<T extends Message> {
  private final Kind kind;
  private final Class<T> type;
  private final WatchCache cache;
  private final Storage storage;
  private final Keys keys;

  public NamespaceObjects(Kind kind, Class<T> type, WatchCache cache, Storage storage, Keys keys) {
    this.kind = kind;
    this.type = type;
    this.cache = cache;
    this.storage = storage;
    this.keys = keys;
  }

  public List<T> list(String namespace) {
    WatchFilter filter = new WatchFilter(namespace, Selector.everything(), FieldSelector.everything());
    return cache.list(filter, 0)
        .map(list -> list.items().stream().map(any -> type.cast(ApiObjects.unpack(any))).toList())
        .orElseGet(() -> listFromStorage(namespace));
  }

  /** The objects as etcd has them now. */
  public List<T> listFromStorage(String namespace) {
    return storage.range(keys.listPrefix(kind, namespace), 0).items().stream()
        .map(kv -> type.cast(Codec.decode(kind, kv.value(), kv.modRevision()))).toList();
  }
}
