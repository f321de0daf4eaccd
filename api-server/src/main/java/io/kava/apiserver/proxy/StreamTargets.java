package io.kava.apiserver.proxy;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Registry;
import io.kava.client.Kinds;
import java.util.List;

/**
 * Resolves a stream request to its target as upstream's pod REST storage does (LogLocation,
 * ExecLocation): the pod must exist and be bound, the container must be one of its own (or the only
 * one when none is named), and the node must report an address and a kubelet port.
 */
public final class StreamTargets {
  private final Registry registry;

  public StreamTargets(Registry registry) {
    this.registry = registry;
  }

  StreamTarget forContainer(PodRef ref, String container) {
    Pod pod = pod(ref);
    return target(pod, container(pod, container));
  }

  StreamTarget forPod(PodRef ref) {
    return target(pod(ref), "");
  }

  private Pod pod(PodRef ref) {
    if (ref.getName().isEmpty()) {
      throw ApiError.badRequest("a pod name is required");
    }
    String namespace = ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
    return (Pod) registry.get(Kinds.POD, namespace, ref.getName());
  }

  /** Upstream's validateContainer: the named one, else the only one, else a list to choose from. */
  static String container(Pod pod, String name) {
    List<String> names = pod.getSpec().getContainersList().stream().map(Container::getName).toList();
    List<String> init = pod.getSpec().getInitContainersList().stream().map(Container::getName).toList();
    String podName = pod.getMetadata().getName();
    if (name.isEmpty()) {
      if (names.size() == 1) {
        return names.get(0);
      }
      String message = "a container name must be specified for pod " + podName + ", choose one of: " + names;
      if (!init.isEmpty()) {
        message += " or one of the init containers: " + init;
      }
      throw ApiError.badRequest(message);
    }
    if (!names.contains(name) && !init.contains(name)) {
      throw ApiError.badRequest("container " + name + " is not valid for pod " + podName);
    }
    return name;
  }

  private StreamTarget target(Pod pod, String container) {
    String nodeName = pod.getSpec().getNodeName();
    String podName = pod.getMetadata().getName();
    if (nodeName.isEmpty()) {
      throw ApiError.badRequest("pod " + podName + " does not have a host assigned");
    }
    Node node = (Node) registry.get(Kinds.NODE, "", nodeName);
    KubeletAddress address = KubeletAddress.of(node).orElseThrow(() ->
        ApiError.unavailable("node " + nodeName + " reports no kubelet endpoint (address and port)"));
    PodRef ref = PodRef.newBuilder().setNamespace(pod.getMetadata().getNamespace()).setName(podName)
        .setUid(pod.getMetadata().getUid()).build();
    return new StreamTarget(ref, container, nodeName, address.host(), address.port());
  }
}
