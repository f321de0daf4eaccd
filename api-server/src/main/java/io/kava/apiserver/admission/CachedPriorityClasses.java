package io.kava.apiserver.admission;

import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.watch.WatchCache;
import io.kava.apiserver.watch.WatchFilter;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.util.List;
import java.util.Optional;

/**
 * The PriorityClasses the Priority admission reads, from the watch cache (as upstream's admission reads its
 * informer), so a pod create costs etcd no extra read; from etcd while the cache is not ready yet.
 */
public final class CachedPriorityClasses implements PriorityAdmission.Classes {
  private static final WatchFilter ALL = new WatchFilter("", Selector.everything(), FieldSelector.everything());

  private final WatchCache cache;
  private final Storage storage;
  private final Keys keys;

  public CachedPriorityClasses(WatchCache cache, Storage storage, Keys keys) {
    this.cache = cache;
    this.storage = storage;
    this.keys = keys;
  }

  @Override
  public Optional<PriorityClass> get(String name) {
    String key = keys.key(Kinds.PRIORITY_CLASS, "", name);
    Optional<PriorityClass> cached = cache.cached(key).map(PriorityClass.class::cast);
    if (cached.isPresent()) {
      return cached;
    }
    return storage.get(key).map(kv -> (PriorityClass) Codec.decode(Kinds.PRIORITY_CLASS, kv.value(), kv.modRevision()));
  }

  @Override
  public List<PriorityClass> all() {
    return cache.list(ALL, 0)
        .map(list -> list.items().stream().map(any -> (PriorityClass) ApiObjects.unpack(any)).toList())
        .orElseGet(() -> storage.range(keys.listPrefix(Kinds.PRIORITY_CLASS, ""), 0).items().stream()
            .map(kv -> (PriorityClass) Codec.decode(Kinds.PRIORITY_CLASS, kv.value(), kv.modRevision())).toList());
  }
}
