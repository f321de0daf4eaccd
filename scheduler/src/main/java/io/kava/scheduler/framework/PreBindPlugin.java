package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;
import java.util.concurrent.CompletableFuture;

/**
 * Upstream's PreBind extension point: runs in the binding cycle after a node was chosen and before the
 * pod is bound to it (VolumeBinding records the node on the pod's WaitForFirstConsumer claims and waits
 * for them to be bound). The pod is bound once the returned future completes; a future that fails (or
 * a throw) fails the binding and the pod is retried. A plugin that waits returns a pending future
 * rather than blocking its thread.
 */
public interface PreBindPlugin {
  String name();

  CompletableFuture<Void> preBind(Pod pod, String nodeName);

  /** No pre-bind step (a framework without volume binding, tests). */
  PreBindPlugin NONE = new PreBindPlugin() {
    @Override
    public String name() {
      return "None";
    }

    @Override
    public CompletableFuture<Void> preBind(Pod pod, String nodeName) {
      return CompletableFuture.completedFuture(null);
    }
  };
}
