package io.kava.controllermanager.util;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiObjects;
import io.kava.client.informer.ResourceEventHandler;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Pod events for a controller whose pods name it as their controller (Jobs, DaemonSets), as upstream's
 * addPod/updatePod/deletePod: a new pod is a creation its owner expected, a pod that starts terminating or
 * goes is a deletion, any other change wakes the owner (and the former owner when the controller changed).
 */
public final class OwnedPodHandler<T extends Message> implements ResourceEventHandler<Pod> {
  private final Function<Pod, Optional<T>> owner;
  private final ControllerExpectations expectations;
  private final Consumer<T> enqueue;

  public OwnedPodHandler(Function<Pod, Optional<T>> owner, ControllerExpectations expectations, Consumer<T> enqueue) {
    this.owner = owner;
    this.expectations = expectations;
    this.enqueue = enqueue;
  }

  @Override
  public void onAdd(Pod pod) {
    if (Pods.isTerminating(pod)) {
      onDelete(pod);
      return;
    }
    owner.apply(pod).ifPresent(o -> {
      expectations.creationObserved(ApiObjects.key(o));
      enqueue.accept(o);
    });
  }

  @Override
  public void onUpdate(Pod old, Pod pod) {
    if (old.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) {
      return; // a resync: the owners' own resync covers it
    }
    if (Pods.isTerminating(pod)) {
      onDelete(pod);
      return;
    }
    Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
    if (oldRef.isPresent() && !oldRef.equals(OwnerReferences.controllerOf(pod))) {
      owner.apply(old).ifPresent(enqueue);
    }
    owner.apply(pod).ifPresent(enqueue);
  }

  @Override
  public void onDelete(Pod pod) {
    owner.apply(pod).ifPresent(o -> {
      expectations.deletionObserved(ApiObjects.key(o), ApiObjects.key(pod));
      enqueue.accept(o);
    });
  }
}
