package io.kava.client.informer;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Read-only view of an informer's cache. Objects are immutable messages: use toBuilder() to change one. */
public final class Lister<T extends Message> {
  private final Indexer<T> indexer;

  Lister(Indexer<T> indexer) {
    this.indexer = indexer;
  }

  public Optional<T> get(String namespace, String name) {
    return indexer.get(ApiObjects.key(namespace, name));
  }

  /** By "namespace/name" (or "name" for cluster-scoped kinds), the key work queues carry. */
  public Optional<T> get(String key) {
    return indexer.get(key);
  }

  public List<T> list() {
    return indexer.list();
  }

  public List<T> list(String namespace) {
    return indexer.byIndex(Indexer.NAMESPACE_INDEX, namespace);
  }

  public List<T> list(String namespace, Predicate<T> filter) {
    return list(namespace).stream().filter(filter).toList();
  }

  public List<T> byIndex(String indexName, String value) {
    return indexer.byIndex(indexName, value);
  }
}
