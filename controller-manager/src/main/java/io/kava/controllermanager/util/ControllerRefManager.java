package io.kava.controllermanager.util;

import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's ControllerRefManager for any kind: decides which candidates (pods of a ReplicaSet,
 * ReplicaSets of a Deployment) a controller owns. It keeps what it controls and still matches, adopts
 * matching orphans (adds its controller reference) and releases what it controls but no longer matches
 * (removes its reference). Writes are updates guarded by the cached resourceVersion: a conflict throws
 * and the controller retries with fresh caches.
 */
public final class ControllerRefManager<T extends Message> {
  private static final Logger log = LoggerFactory.getLogger(ControllerRefManager.class);

  private final ResourceClient<T> client;
  private final Message controller;
  private final ObjectMeta controllerMeta;
  private final Predicate<T> matches;
  private final Supplier<Message> freshController;
  private boolean adoptionChecked;

  /**
   * @param matches whether a candidate belongs to the controller (its selector, and any filter)
   * @param freshController reads the controller from the API server, not a cache: before adopting
   *     anything it must still exist with the same uid and not be being deleted (upstream canAdopt)
   */
  public ControllerRefManager(ResourceClient<T> client, Message controller, Predicate<T> matches,
      Supplier<Message> freshController) {
    this.client = client;
    this.controller = controller;
    this.controllerMeta = ApiObjects.meta(controller);
    this.matches = matches;
    this.freshController = freshController;
  }

  /** Returns the candidates the controller owns after adopting and releasing; throws the first write error. */
  public List<T> claim(List<T> candidates) {
    List<T> claimed = new ArrayList<>();
    RuntimeException firstError = null;
    for (T candidate : candidates) {
      try {
        if (claim(candidate)) {
          claimed.add(candidate);
        }
      } catch (RuntimeException e) {
        if (firstError == null) {
          firstError = e;
        }
      }
    }
    if (firstError != null) {
      throw firstError;
    }
    return claimed;
  }

  private boolean claim(T candidate) {
    ObjectMeta meta = ApiObjects.meta(candidate);
    boolean controllerDeleting = !controllerMeta.getDeletionTimestamp().isEmpty();
    Optional<OwnerReference> ref = OwnerReferences.controllerOf(candidate);
    if (ref.isPresent()) {
      if (!ref.get().getUid().equals(controllerMeta.getUid())) {
        return false; // someone else's
      }
      if (matches.test(candidate)) {
        return true;
      }
      if (controllerDeleting) {
        return false;
      }
      release(candidate);
      return false;
    }
    if (controllerDeleting || !matches.test(candidate) || !meta.getDeletionTimestamp().isEmpty()
        || !meta.getNamespace().equals(controllerMeta.getNamespace())) {
      return false;
    }
    return adopt(candidate);
  }

  private boolean adopt(T candidate) {
    checkCanAdopt();
    try {
      T updated = client.update(OwnerReferences.withOwnerReference(candidate, OwnerReferences.newControllerRef(controller)));
      log.info("Adopted {} {}", client.kind().kind(), ApiObjects.key(updated));
      return true;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  private void release(T candidate) {
    try {
      client.update(OwnerReferences.withoutOwnerReferences(candidate, Set.of(controllerMeta.getUid())));
      log.info("Released {} {}", client.kind().kind(), ApiObjects.key(candidate));
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  private void checkCanAdopt() {
    if (adoptionChecked) {
      return;
    }
    ObjectMeta fresh = ApiObjects.meta(freshController.get());
    if (!fresh.getUid().equals(controllerMeta.getUid())) {
      throw new IllegalStateException("Original " + ApiObjects.key(controller) + " is gone: got uid "
          + fresh.getUid() + ", wanted " + controllerMeta.getUid());
    }
    if (!fresh.getDeletionTimestamp().isEmpty()) {
      throw new IllegalStateException(ApiObjects.key(controller) + " has just been deleted at "
          + fresh.getDeletionTimestamp());
    }
    adoptionChecked = true;
  }
}
