package io.kava.kubelet.streaming;

import io.grpc.Status;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a pod's container on this node by the kubelet's own labels, as the pod worker sees them: the
 * newest attempt, or with {@code previous} the one before it (the pod worker keeps that one until the
 * next restart). Failures are gRPC statuses carrying upstream's messages.
 */
final class ContainerLocator {
  private final ContainerRuntime runtime;
  private final String node;

  ContainerLocator(ContainerRuntime runtime, String node) {
    this.runtime = runtime;
    this.node = node;
  }

  /** The container to read logs from: any state but "not created yet". */
  ContainerInfo forLogs(PodRef pod, String container, boolean previous) {
    ObservedPod observed = observe(pod);
    if (previous) {
      return observed.previous(container).orElseThrow(() -> Status.INVALID_ARGUMENT
          .withDescription("previous terminated container \"" + container + "\" in pod \"" + pod.getName()
              + "\" not found").asRuntimeException());
    }
    return observed.latest(container).orElseThrow(() -> waiting(pod, container));
  }

  /** The running container to exec in or attach to. */
  ContainerInfo running(PodRef pod, String container) {
    ContainerInfo c = observe(pod).latest(container).orElseThrow(() -> waiting(pod, container));
    if (!c.running()) {
      throw Status.FAILED_PRECONDITION.withDescription("container \"" + container + "\" in pod \"" + pod.getName()
          + "\" is not running").asRuntimeException();
    }
    return c;
  }

  /** The pod's running sandbox: its address is the pod's network namespace. */
  ContainerInfo sandbox(PodRef pod) {
    return observe(pod).runningSandbox().orElseThrow(() -> Status.FAILED_PRECONDITION
        .withDescription("pod \"" + pod.getName() + "\" has no running sandbox on node " + node).asRuntimeException());
  }

  private ObservedPod observe(PodRef pod) {
    Map<String, String> labels = new HashMap<>(ContainerLabels.ofNode(node));
    if (!pod.getUid().isEmpty()) {
      labels.put(ContainerLabels.POD_UID, pod.getUid());
    } else {
      labels.put(ContainerLabels.POD_NAMESPACE, pod.getNamespace());
      labels.put(ContainerLabels.POD_NAME, pod.getName());
    }
    List<ContainerInfo> infos = new ArrayList<>();
    for (ContainerSummary s : runtime.listContainers(labels)) {
      Optional<ContainerInfo> info = runtime.inspectContainer(s.id());
      info.ifPresent(infos::add);
    }
    return new ObservedPod(infos);
  }

  private static RuntimeException waiting(PodRef pod, String container) {
    return Status.FAILED_PRECONDITION.withDescription("container \"" + container + "\" in pod \"" + pod.getName()
        + "\" is waiting to start: ContainerCreating").asRuntimeException();
  }
}
