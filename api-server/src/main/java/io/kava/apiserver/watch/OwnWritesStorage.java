package io.kava.apiserver.watch;

import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageWatch;
import io.kava.apiserver.storage.StorageWatchListener;
import java.util.Optional;

/**
 * The registry's storage: every write this server makes is told to the watch caches with its revision,
 * so that a LIST served from a cache (resourceVersion "0") is never older than this server's own writes
 * and a client reads what it just wrote through the same server.
 */
public final class OwnWritesStorage implements Storage {
  private final Storage storage;
  private final WatchCaches caches;

  public OwnWritesStorage(Storage storage, WatchCaches caches) {
    this.storage = storage;
    this.caches = caches;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return storage.get(key);
  }

  @Override
  public Range range(String prefix, long revision) {
    return storage.range(prefix, revision);
  }

  @Override
  public long create(String key, byte[] value) {
    return wrote(key, storage.create(key, value));
  }

  @Override
  public long update(String key, byte[] value, long expectedModRevision) {
    return wrote(key, storage.update(key, value, expectedModRevision));
  }

  @Override
  public long delete(String key, long expectedModRevision) {
    return wrote(key, storage.delete(key, expectedModRevision));
  }

  private long wrote(String key, long revision) {
    caches.wrote(key, revision);
    return revision;
  }

  @Override
  public boolean readStale(String key, long modRevision) {
    return storage.readStale(key, modRevision);
  }

  @Override
  public long currentRevision() {
    return storage.currentRevision();
  }

  @Override
  public StorageWatch watch(String prefix, long fromRevision, StorageWatchListener listener) {
    return storage.watch(prefix, fromRevision, listener);
  }

  @Override
  public void compact(long revision) {
    storage.compact(revision);
  }

  /** The storage is the server's, closed by it. */
  @Override
  public void close() {
  }
}
