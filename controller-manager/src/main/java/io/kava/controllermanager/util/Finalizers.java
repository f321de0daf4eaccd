package io.kava.controllermanager.util;

import io.kava.api.meta.v1.ObjectMeta;

/** A controller's release of what it guards (protection controllers, Job tracking): the same metadata without its finalizer. */
public final class Finalizers {
  private Finalizers() {}

  public static ObjectMeta without(ObjectMeta meta, String finalizer) {
    ObjectMeta.Builder b = meta.toBuilder().clearFinalizers();
    meta.getFinalizersList().stream().filter(f -> !f.equals(finalizer)).forEach(b::addFinalizers);
    return b.build();
  }
}
