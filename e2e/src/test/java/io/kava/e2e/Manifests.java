package io.kava.e2e;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.List;

/** The objects the scenarios apply, built in code so each test states exactly what it runs. */
final class Manifests {
  /** A shell loop that exits at once on SIGTERM, so deletions do not wait for the grace period. */
  static final List<String> SERVE = List.of("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done");

  private Manifests() {}

  static Deployment deployment(String namespace, String name, int replicas, String image) {
    Container app = Container.newBuilder().setName("app").setImage(image).addAllCommand(SERVE).build();
    return Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(replicas)
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", name))
            .setTemplate(PodTemplateSpec.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().putLabels("app", name))
                .setSpec(PodSpec.newBuilder().addContainers(app))))
        .build();
  }

  /** An upstream-style Deployment manifest of nginx:1.14.2 (container "web", app=NAME, 1 s grace). */
  static String nginxDeploymentYaml(String name, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          replicas: %2$d
          selector:
            matchLabels:
              app: %1$s
          template:
            metadata:
              labels:
                app: %1$s
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: web
                image: nginx:1.14.2
        """.formatted(name, replicas);
  }

  static Pod pod(String namespace, String name, Container container) {
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name).putLabels("test", name))
        .setSpec(PodSpec.newBuilder().addContainers(container).setTerminationGracePeriodSeconds(5))
        .build();
  }

  static Container container(String image, List<String> command) {
    return Container.newBuilder().setName("app").setImage(image).addAllCommand(command).build();
  }

  static Container withMemoryRequest(Container c, String memory) {
    return c.toBuilder().setResources(ResourceRequirements.newBuilder().putRequests("memory", memory)).build();
  }
}
