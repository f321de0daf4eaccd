package io.kava.controllermanager.disruption;

import io.kava.api.meta.v1.OwnerReference;
import java.util.Optional;

/** Finds the scale of the controller a pod's controllerRef names (upstream podControllerFinder). */
interface ScaleFinder {
  /** The controller and its desired replicas; empty when the reference names nothing this finder knows. */
  Optional<Scale> find(OwnerReference controllerRef, String namespace);

  record Scale(String uid, int replicas) {}
}
