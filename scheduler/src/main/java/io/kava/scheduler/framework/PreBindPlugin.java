package io.kava.scheduler.framework;

import io.kava.api.core.v1.Pod;

/**
 * Upstream's PreBind extension point: runs in the binding cycle after a node was chosen and before the
 * pod is bound to it (VolumeBinding records the node on the pod's WaitForFirstConsumer claims). Throwing
 * fails the binding and the pod is retried.
 */
public interface PreBindPlugin {
  String name();

  void preBind(Pod pod, String nodeName);

  /** No pre-bind step (a framework without volume binding, tests). */
  PreBindPlugin NONE = new PreBindPlugin() {
    @Override
    public String name() {
      return "None";
    }

    @Override
    public void preBind(Pod pod, String nodeName) {}
  };
}
