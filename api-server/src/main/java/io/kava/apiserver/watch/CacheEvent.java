package io.kava.apiserver.watch;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.kava.api.v1.WatchEvent;
import io.kava.apiserver.registry.Codec;
import io.kava.client.ApiObjects;

/**
 * One change of the watch cache: type ADDED, MODIFIED or DELETED, the object after it (for DELETED, the
 * last state with resourceVersion set to the deletion revision), and the object before it (null when
 * added). The packed forms are computed once and shared by every watcher.
 */
final class CacheEvent {
  enum Type { ADDED, MODIFIED, DELETED }

  private final Type type;
  private final String key;
  private final CachedObject object;
  private final Message previous;
  private final long revision;
  private volatile Any packedPreviousAtRevision;
  private volatile WatchEvent asIs;

  CacheEvent(Type type, String key, Message object, Message previous, long revision) {
    this(type, key, new CachedObject(object), previous, revision);
  }

  /** With the object as the cache holds it, so the cache and its watchers pack it once between them. */
  CacheEvent(Type type, String key, CachedObject object, Message previous, long revision) {
    this.type = type;
    this.key = key;
    this.object = object;
    this.previous = previous;
    this.revision = revision;
  }

  Type type() {
    return type;
  }

  String key() {
    return key;
  }

  Message object() {
    return object.object();
  }

  Message previous() {
    return previous;
  }

  long revision() {
    return revision;
  }

  Any packedObject() {
    return object.packed();
  }

  /**
   * The event as it happened (its own type, the object after it): what every watcher that saw the object
   * before and after gets, one instance for all of them, so its size is computed once.
   */
  WatchEvent asIs() {
    WatchEvent w = asIs;
    if (w == null) {
      w = WatchEvent.newBuilder().setType(type.name()).setObject(packedObject())
          .setResourceVersion(Long.toString(revision)).build();
      asIs = w;
    }
    return w;
  }

  /** The previous state stamped with this event's revision: what a watcher gets when the object leaves its selection. */
  Any packedPreviousAtRevision() {
    Any p = packedPreviousAtRevision;
    if (p == null) {
      p = ApiObjects.pack(Codec.withRevision(previous, revision));
      packedPreviousAtRevision = p;
    }
    return p;
  }
}
