package io.kava.apiserver.watch;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.kava.apiserver.registry.Codec;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;

/**
 * An object the watch cache holds, with its packed form: the stored bytes themselves for what it read from
 * storage, else computed once when first needed (a LIST, a new watch).
 */
final class CachedObject {
  private final Message object;
  private volatile Any packed;

  CachedObject(Message object) {
    this.object = object;
  }

  /** With its packed form already known: the stored bytes it was decoded from (no second encoding). */
  CachedObject(Message object, Any packed) {
    this.object = object;
    this.packed = packed;
  }

  /** An object read from storage at a revision: decoded once and packed from the same bytes. */
  static CachedObject fromStorage(Kind kind, byte[] stored, long revision) {
    Any packed = Codec.packedWithRevision(kind, stored, revision);
    return new CachedObject(Codec.decode(kind, packed.getValue()), packed);
  }

  Message object() {
    return object;
  }

  Any packed() {
    Any p = packed;
    if (p == null) {
      p = ApiObjects.pack(object);
      packed = p;
    }
    return p;
  }

  static Message objectOf(CachedObject cached) {
    return cached == null ? null : cached.object;
  }
}
