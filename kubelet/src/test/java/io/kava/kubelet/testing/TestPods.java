package io.kava.kubelet.testing;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.List;
import java.util.UUID;

/** Pod fixtures. */
public final class TestPods {
  public static final String IMAGE = "kava/busybox:latest";

  private TestPods() {}

  public static Container container(String name, String... command) {
    return Container.newBuilder().setName(name).setImage(IMAGE).setImagePullPolicy("IfNotPresent")
        .addAllCommand(List.of(command)).build();
  }

  public static Pod pod(String name, String node, Container... containers) {
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name)
            .setUid(UUID.randomUUID().toString()).setResourceVersion("1"))
        .setSpec(PodSpec.newBuilder().setNodeName(node).setRestartPolicy("Always")
            .setTerminationGracePeriodSeconds(2).addAllContainers(List.of(containers)))
        .build();
  }

  public static Pod withRestartPolicy(Pod pod, String policy) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setRestartPolicy(policy)).build();
  }

  public static Pod withInit(Pod pod, Container... init) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().addAllInitContainers(List.of(init))).build();
  }
}
