package io.kava.apiserver.encryption;

import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageEvent;
import io.kava.apiserver.storage.StorageWatch;
import io.kava.apiserver.storage.StorageWatchListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encryption at rest at the storage boundary, as upstream's transformer in its etcd3 store: values of the
 * configured resources are encrypted on every write and decrypted on every read and watch event, so
 * everything above (registry, watch caches, allocators) sees plaintext and etcd only ciphertext. The
 * resource is the key's first segment under the root ({@code /registry/secrets/ns/name}: secrets).
 */
public final class EncryptingStorage implements Storage {
  private final Storage storage;
  private final String root;
  private final EncryptionAtRest config;
  /** Keys last read with an old key, with the revision read: their next update rewrites them. */
  private final ConcurrentHashMap<String, Long> stale = new ConcurrentHashMap<>();

  public EncryptingStorage(Storage storage, String root, EncryptionAtRest config) {
    this.storage = storage;
    this.root = root.endsWith("/") ? root : root + "/";
    this.config = config;
  }

  private Optional<ProviderChain> chainOf(String key) {
    if (!key.startsWith(root)) {
      return Optional.empty();
    }
    int slash = key.indexOf('/', root.length());
    return config.of(slash < 0 ? key.substring(root.length()) : key.substring(root.length(), slash));
  }

  private byte[] toStorage(String key, byte[] value) {
    return chainOf(key).map(c -> c.write(value, key)).orElse(value);
  }

  /** The plaintext of a stored value; modRevision 0 for a watch event's previous value, which is not tracked. */
  private byte[] fromStorage(String key, byte[] value, long modRevision) {
    Optional<ProviderChain> chain = chainOf(key);
    if (value == null || chain.isEmpty()) {
      return value;
    }
    ProviderChain.Read read = chain.get().read(value, key);
    if (modRevision == 0) {
      return read.plain();
    }
    if (read.stale()) {
      stale.put(key, modRevision);
    } else {
      stale.remove(key, modRevision);
    }
    return read.plain();
  }

  private KeyValue plain(KeyValue kv) {
    return new KeyValue(kv.key(), fromStorage(kv.key(), kv.value(), kv.modRevision()), kv.createRevision(), kv.modRevision());
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return storage.get(key).map(this::plain);
  }

  @Override
  public Range range(String prefix, long revision) {
    Range r = storage.range(prefix, revision);
    return new Range(r.items().stream().map(this::plain).toList(), r.revision());
  }

  @Override
  public long create(String key, byte[] value) {
    return storage.create(key, toStorage(key, value));
  }

  @Override
  public long update(String key, byte[] value, long expectedModRevision) {
    long revision = storage.update(key, toStorage(key, value), expectedModRevision);
    stale.remove(key);
    return revision;
  }

  @Override
  public long delete(String key, long expectedModRevision) {
    long revision = storage.delete(key, expectedModRevision);
    stale.remove(key);
    return revision;
  }

  @Override
  public boolean readStale(String key, long modRevision) {
    Long read = stale.get(key);
    return read != null && read == modRevision;
  }

  @Override
  public long currentRevision() {
    return storage.currentRevision();
  }

  @Override
  public StorageWatch watch(String prefix, long fromRevision, StorageWatchListener listener) {
    return storage.watch(prefix, fromRevision, new StorageWatchListener() {
      @Override
      public void onEvents(List<StorageEvent> events) {
        List<StorageEvent> plain;
        try {
          plain = events.stream().map(e -> new StorageEvent(e.type(), e.key(), fromStorage(e.key(), e.value(), e.revision()),
              fromStorage(e.key(), e.prevValue(), 0), e.revision(), e.created())).toList();
        } catch (RuntimeException e) {
          // A value no key can read ends this stream; the watch cache reports it and starts again.
          listener.onError(e);
          return;
        }
        listener.onEvents(plain);
      }

      @Override
      public void onCompacted(long compactRevision) {
        listener.onCompacted(compactRevision);
      }

      @Override
      public void onError(Throwable error) {
        listener.onError(error);
      }
    });
  }

  @Override
  public void compact(long revision) {
    storage.compact(revision);
  }

  @Override
  public void close() {
    storage.close();
  }
}
