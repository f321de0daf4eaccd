package io.kava.kubectl.generate;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.kubectl.CliException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The Deployment of `kubectl create deployment NAME --image=...` (upstream CreateDeploymentOptions). */
public final class DeploymentGenerator {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private DeploymentGenerator() {}

  /** port below 0: none. command: the container's command, when given after `--`. */
  public static Deployment generate(String name, List<String> images, int replicas, int port, List<String> command) {
    if (images.isEmpty()) {
      throw CliException.error("required flag(s) \"image\" not set");
    }
    if (replicas < 0) {
      throw CliException.error("--replicas must be greater than or equal to 0");
    }
    PodSpec.Builder spec = PodSpec.newBuilder();
    Set<String> used = new HashSet<>();
    for (String image : images) {
      String container = containerName(image);
      if (!used.add(container)) {
        container = container + "-" + random5();
      }
      spec.addContainers(Container.newBuilder().setName(container).setImage(image).addAllCommand(command));
    }
    if (port >= 0) {
      spec.setContainers(0, spec.getContainers(0).toBuilder().addPorts(ContainerPort.newBuilder().setContainerPort(port)));
    }
    return Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("app", name))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(replicas)
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", name))
            .setTemplate(PodTemplateSpec.newBuilder().setMetadata(ObjectMeta.newBuilder().putLabels("app", name))
                .setSpec(spec)))
        .build();
  }

  /** The image's last path element without tag or digest; '_' and '.' made '-' with a random suffix, as upstream. */
  static String containerName(String image) {
    String name = image.substring(image.lastIndexOf('/') + 1);
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    if (name.contains("_") || name.contains(".")) {
      name = name.replace('_', '-').replace('.', '-') + "-" + random5();
    }
    return name;
  }

  private static String random5() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(ALPHANUMS.charAt(RANDOM.nextInt(ALPHANUMS.length())));
    }
    return sb.toString();
  }
}
