package io.kava.client.informer;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The informer's thread-safe cache: objects by "namespace/name" key plus secondary indexes (by
 * namespace always, others added by callers such as "by node name" or "by owner uid").
 */
public final class Indexer<T extends Message> {
  public static final String NAMESPACE_INDEX = "namespace";

  private final Map<String, T> items = new HashMap<>();
  private final Map<String, Function<T, Collection<String>>> indexFunctions = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> indexes = new HashMap<>();

  public Indexer() {
    addIndex(NAMESPACE_INDEX, o -> List.of(ApiObjects.meta(o).getNamespace()));
  }

  public synchronized void addIndex(String name, Function<T, Collection<String>> function) {
    indexFunctions.put(name, function);
    Map<String, Set<String>> index = new HashMap<>();
    indexes.put(name, index);
    items.forEach((key, object) -> addToIndex(index, function, key, object));
  }

  /** Stores the object and returns the one it replaced, or null. */
  public synchronized T put(T object) {
    String key = ApiObjects.key(object);
    T old = items.put(key, object);
    if (old != null) {
      removeFromIndexes(key, old);
    }
    indexFunctions.forEach((name, f) -> addToIndex(indexes.get(name), f, key, object));
    return old;
  }

  /** Removes by key and returns what was stored, or null. */
  public synchronized T remove(String key) {
    T old = items.remove(key);
    if (old != null) {
      removeFromIndexes(key, old);
    }
    return old;
  }

  public synchronized Optional<T> get(String key) {
    return Optional.ofNullable(items.get(key));
  }

  public synchronized List<T> list() {
    return new ArrayList<>(items.values());
  }

  public synchronized Set<String> keys() {
    return new HashSet<>(items.keySet());
  }

  public synchronized List<T> byIndex(String indexName, String value) {
    Map<String, Set<String>> index = indexes.get(indexName);
    if (index == null) {
      throw new IllegalArgumentException("No index named " + indexName);
    }
    List<T> result = new ArrayList<>();
    for (String key : index.getOrDefault(value, Set.of())) {
      result.add(items.get(key));
    }
    return result;
  }

  public synchronized int size() {
    return items.size();
  }

  private void addToIndex(Map<String, Set<String>> index, Function<T, Collection<String>> f, String key, T object) {
    for (String value : f.apply(object)) {
      index.computeIfAbsent(value, v -> new HashSet<>()).add(key);
    }
  }

  private void removeFromIndexes(String key, T old) {
    indexFunctions.forEach((name, f) -> {
      Map<String, Set<String>> index = indexes.get(name);
      for (String value : f.apply(old)) {
        Set<String> keys = index.get(value);
        if (keys != null) {
          keys.remove(key);
          if (keys.isEmpty()) {
            index.remove(value);
          }
        }
      }
    });
  }
}
