package io.kava.apiserver.watch;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.kava.client.ApiObjects;

/** An object the watch cache holds, with its packed form, computed once when first needed (a LIST, a new watch). */
final class CachedObject {
  private final Message object;
  private volatile Any packed;

  CachedObject(Message object) {
    this.object = object;
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
