package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;

/**
 * Docker container names like upstream's dockershim: k8s_&lt;container&gt;_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid8&gt;_&lt;attempt&gt;.
 * Readable in `docker ps`; uniqueness comes from the uid prefix and the attempt.
 */
public final class ContainerNames {
  private ContainerNames() {}

  public static String of(Pod pod, String containerName, int attempt) {
    String uid = pod.getMetadata().getUid();
    String uid8 = uid.length() > 8 ? uid.substring(0, 8) : uid;
    return "k8s_" + containerName + "_" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
        + "_" + uid8 + "_" + attempt;
  }
}
