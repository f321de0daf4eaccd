package io.kava.apiserver.bootstrap;

import com.google.protobuf.Message;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Registry;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;

/**
 * The addon manager's EnsureExists mode, as the bootstrap objects are kept: an object is created when
 * missing and never changed once there (a user's edits stay), so a store that lost its data has it back
 * within one pass.
 */
final class EnsureExists {
  private EnsureExists() {}

  /** Creates the object unless one of its name exists; returns whether it did. Throws when a read or write failed. */
  static boolean create(Registry registry, Message object) {
    var meta = ApiObjects.meta(object);
    try {
      registry.get(Kinds.of(object), meta.getNamespace(), meta.getName());
      return false;
    } catch (ApiError e) {
      if (!e.reason().equals("NotFound")) {
        throw e;
      }
    }
    try {
      registry.create(object, false);
      return true;
    } catch (ApiError e) {
      if (!e.reason().equals("AlreadyExists")) {
        throw e;
      }
      return false;
    }
  }
}
