package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels on every container the kubelet creates. They are the kubelet's memory: after a restart it
 * finds its pods' containers by them and adopts them instead of starting duplicates, and it never
 * touches a container without its own node's label (several kubelets may share one Docker engine).
 */
public final class ContainerLabels {
  public static final String MANAGED = "io.kava.managed";
  public static final String POD_UID = "io.kava.pod.uid";
  public static final String POD_NAMESPACE = "io.kava.pod.namespace";
  public static final String POD_NAME = "io.kava.pod.name";
  public static final String CONTAINER_NAME = "io.kava.container.name";
  public static final String NODE = "io.kava.node";
  public static final String RESTART_COUNT = "io.kava.restart-count";
  /** The sandbox an app container joined: a container of an older sandbox has lost its network. */
  public static final String SANDBOX_ID = "io.kava.sandbox.id";
  /** Lets orphan cleanup stop a container gently even when its pod is gone from the API. */
  public static final String GRACE_PERIOD = "io.kava.pod.termination-grace-period";
  /** The container name of a pod's sandbox, as upstream's "POD". */
  public static final String SANDBOX_NAME = "POD";

  private ContainerLabels() {}

  /** Selects every container this kubelet manages. */
  public static Map<String, String> ofNode(String node) {
    return Map.of(MANAGED, "true", NODE, node);
  }

  /** Selects the containers of one pod on this node. */
  public static Map<String, String> ofPod(String node, String podUid) {
    return Map.of(MANAGED, "true", NODE, node, POD_UID, podUid);
  }

  public static Map<String, String> forContainer(Pod pod, String node, String containerName, int restartCount,
      String sandboxId, long gracePeriodSeconds) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED, "true");
    labels.put(POD_UID, pod.getMetadata().getUid());
    labels.put(POD_NAMESPACE, pod.getMetadata().getNamespace());
    labels.put(POD_NAME, pod.getMetadata().getName());
    labels.put(CONTAINER_NAME, containerName);
    labels.put(NODE, node);
    labels.put(RESTART_COUNT, Integer.toString(restartCount));
    labels.put(GRACE_PERIOD, Long.toString(gracePeriodSeconds));
    if (sandboxId != null) {
      labels.put(SANDBOX_ID, sandboxId);
    }
    return labels;
  }

  public static int restartCount(ContainerInfo c) {
    return parseInt(c.label(RESTART_COUNT));
  }

  public static long gracePeriodSeconds(Map<String, String> labels, long fallback) {
    try {
      return Long.parseLong(labels.getOrDefault(GRACE_PERIOD, ""));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** "namespace/name" of the pod a container belongs to: the key the pod workers use. */
  public static String podKey(ContainerSummary c) {
    return c.labels().getOrDefault(POD_NAMESPACE, "") + "/" + c.labels().getOrDefault(POD_NAME, "");
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
