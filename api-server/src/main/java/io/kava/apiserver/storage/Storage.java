package io.kava.apiserver.storage;

import java.util.Optional;

/**
 * A revisioned key-value store (etcd): every write moves one global revision forward, and every key
 * remembers the revision of its last change. Values are opaque bytes. Calls either finish within the
 * store's request timeout or throw {@link StorageUnavailableException}.
 */
public interface Storage extends AutoCloseable {

  Optional<KeyValue> get(String key);

  /** Every key under the prefix at the given revision (0: the latest), with the revision read at. */
  Range range(String prefix, long revision);

  /** Writes a new key; throws {@link KeyExistsException} if it exists. Answers the write's revision. */
  long create(String key, byte[] value);

  /**
   * Replaces a key's value if its last change is still expectedModRevision; throws
   * {@link RevisionConflictException} if it moved, {@link KeyNotFoundException} if it is gone.
   */
  long update(String key, byte[] value, long expectedModRevision);

  /** Deletes a key if its last change is still expectedModRevision; same failures as update. */
  long delete(String key, long expectedModRevision);

  /**
   * Whether the value of the key at this revision was last read with an encryption key other than the one
   * writes use (encryption at rest after a key rotation): an update must then write it again even when
   * the object did not change, so that rewriting every object re-encrypts it, as upstream.
   */
  default boolean readStale(String key, long modRevision) {
    return false;
  }

  /** The store's current revision. */
  long currentRevision();

  /**
   * Streams every change under the prefix after fromRevision - 1 (that is, from fromRevision on), in
   * revision order. The listener is called from one thread at a time. After onError or onCompacted the
   * stream is over; the caller starts a new one from where it left off.
   */
  StorageWatch watch(String prefix, long fromRevision, StorageWatchListener listener);

  /** Drops history older than the revision. */
  void compact(long revision);

  @Override
  void close();
}
