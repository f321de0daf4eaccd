package io.kava.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Node;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * One cluster for the class through {@link KavaCluster} (so the extension is what starts and removes it):
 * the client, kavactl, apply's errors, image loading.
 */
@KavaCluster
class KavaContainerIT {

  @Test
  void theInjectedClientSeesTheReadyNode(KavaClient client) {
    var nodes = client.resource(Node.class).list(ListOptions.all()).items();
    assertThat(nodes).hasSize(1);
    Node node = nodes.get(0);
    assertThat(node.getStatus().getConditionsList())
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Ready");
          assertThat(c.getStatus()).isEqualTo("True");
        });
  }

  @Test
  void theKubeconfigNamesTheMappedPort(KavaContainer kava) {
    assertThat(kava.getKubeConfigYaml())
        .contains("server: https://" + kava.getHost() + ":" + kava.getMappedPort(KavaContainer.API_PORT))
        .contains("client-certificate-data:")
        .doesNotContain(KavaContainer.INNER_SERVER);
    assertThat(kava.config()).isEqualTo(kava.getKubeConfigYaml());
  }

  @Test
  void kavactlGivesExitCodeAndOutput(KavaContainer kava) {
    KavactlResult nodes = kava.kavactl("get", "nodes");
    assertThat(nodes.exitCode()).isZero();
    assertThat(nodes.stdout()).contains("Ready");

    KavactlResult missing = kava.kavactl("get", "configmap", "no-such-map");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output()).contains("not found");
  }

  @Test
  void aWrongManifestFailsWithTheApiServersFieldError(KavaContainer kava) {
    String negativeReplicas = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: broken
        spec:
          replicas: -1
          selector:
            matchLabels: {app: broken}
          template:
            metadata:
              labels: {app: broken}
            spec:
              containers:
              - name: web
                image: nginx:1.14.2
        """;
    assertThatThrownBy(() -> kava.apply(negativeReplicas))
        .isInstanceOf(KavaException.class)
        .hasMessageContaining("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void applyCreatesObjectsTheClientReads(KavaContainer kava, KavaClient client) {
    String out = kava.apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: applied
        data:
          greeting: hello
        """);
    assertThat(out).contains("configmap/applied created");
    ConfigMap map = client.resource(ConfigMap.class).get("default", "applied");
    assertThat(map.getDataMap()).containsEntry("greeting", "hello");
  }

  @Test
  void aLoadedImageIsInTheClustersEngine(KavaContainer kava) throws Exception {
    var docker = DockerClientFactory.instance().client();
    String image = "kava/tc-load-check:" + ProcessHandle.current().pid();
    docker.tagImageCmd("kava/busybox:latest", "kava/tc-load-check", String.valueOf(ProcessHandle.current().pid())).exec();
    try {
      kava.loadImage(image);
      var inspect = kava.execInContainer("docker", "image", "inspect", "-f", "{{.Id}}", image);
      assertThat(inspect.getExitCode()).as(inspect.getStderr()).isZero();
      assertThat(inspect.getStdout().strip()).isEqualTo(docker.inspectImageCmd(image).exec().getId());
    } finally {
      docker.removeImageCmd(image).exec();
    }
  }
}
