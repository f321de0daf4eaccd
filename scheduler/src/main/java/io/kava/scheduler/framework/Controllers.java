package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import java.util.Optional;

/** The controller a pod belongs to: the uid of its ownerReference with controller: true. */
public final class Controllers {
  private Controllers() {}

  public static Optional<String> uid(Pod pod) {
    for (OwnerReference ref : pod.getMetadata().getOwnerReferencesList()) {
      if (ref.hasController() && ref.getController() && !ref.getUid().isEmpty()) {
        return Optional.of(ref.getUid());
      }
    }
    return Optional.empty();
  }
}
