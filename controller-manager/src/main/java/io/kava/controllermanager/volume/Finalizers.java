package io.kava.controllermanager.volume;

import io.kava.api.meta.v1.ObjectMeta;

/** The protection controllers' one write: the same metadata without their finalizer. */
final class Finalizers {
  private Finalizers() {}

  static ObjectMeta without(ObjectMeta meta, String finalizer) {
    ObjectMeta.Builder b = meta.toBuilder().clearFinalizers();
    meta.getFinalizersList().stream().filter(f -> !f.equals(finalizer)).forEach(b::addFinalizers);
    return b.build();
  }
}
