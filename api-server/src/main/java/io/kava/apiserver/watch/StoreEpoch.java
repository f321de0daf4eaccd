package io.kava.apiserver.watch;

import io.kava.apiserver.storage.KeyExistsException;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The identity of the store's data: a random value under one key, written by the first API server that
 * finds it missing. A store that lost its data soon passes the revision a quiet resource's cache had
 * reached, so revisions alone cannot tell it from a store that merely moved on; the missing key can. A
 * store restored from a snapshot keeps the snapshot's epoch (the revision check covers that case).
 */
final class StoreEpoch {
  private final Storage storage;
  private final String key;
  /** The epoch last read; null before the first read. */
  private String known;

  StoreEpoch(Storage storage, String key) {
    this.storage = storage;
    this.key = key;
  }

  /** Reads the epoch, writing one when missing; true when it is not the one read last time. */
  synchronized boolean changed() {
    String now = readOrCreate();
    boolean changed = known != null && !known.equals(now);
    known = now;
    return changed;
  }

  synchronized boolean known() {
    return known != null;
  }

  private String readOrCreate() {
    Optional<KeyValue> stored = storage.get(key);
    if (stored.isPresent()) {
      return new String(stored.get().value(), StandardCharsets.UTF_8);
    }
    String fresh = UUID.randomUUID().toString();
    try {
      storage.create(key, fresh.getBytes(StandardCharsets.UTF_8));
      return fresh;
    } catch (KeyExistsException raced) {
      return storage.get(key).map(kv -> new String(kv.value(), StandardCharsets.UTF_8)).orElse(fresh);
    }
  }
}
