package io.kava.apiserver.watch;

import com.google.protobuf.Message;

/**
 * One change of the watch cache: type ADDED, MODIFIED or DELETED, the object after it (for DELETED, the
 * last state with resourceVersion set to the deletion revision), and the object before it (null when
 * added).
 */
record CacheEvent(Type type, String key, Message object, Message previous, long revision) {
  enum Type { ADDED, MODIFIED, DELETED }
}
