package io.kava.kubectl;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.DeploymentStatus;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import java.time.Duration;

/** Objects for kavactl tests, aged relative to {@link CliRun#NOW}. */
public final class Objects {
  private Objects() {}

  public static String ago(Duration d) {
    return CliRun.NOW.minus(d).toString();
  }

  public static ObjectMeta.Builder meta(String namespace, String name, Duration age) {
    return ObjectMeta.newBuilder().setNamespace(namespace).setName(name).setCreationTimestamp(ago(age));
  }

  public static Pod pod(String namespace, String name, Duration age) {
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod").setMetadata(meta(namespace, name, age))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setImage("busybox")))
        .build();
  }

  public static Deployment nginx(int replicas, int ready) {
    return Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(meta("default", "nginx-deployment", Duration.ofMinutes(3)).putLabels("app", "nginx"))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(replicas)
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "nginx"))
            .setTemplate(PodTemplateSpec.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().putLabels("app", "nginx"))
                .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("nginx")
                    .setImage("nginx:1.14.2").addPorts(ContainerPort.newBuilder().setContainerPort(80))))))
        .setStatus(DeploymentStatus.newBuilder().setReplicas(replicas).setUpdatedReplicas(replicas)
            .setReadyReplicas(ready).setAvailableReplicas(ready))
        .build();
  }
}
