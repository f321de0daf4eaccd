package io.kava.kubectl.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.KavaClient;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `scale` through the real scale subresource, and `set image|env`, on an in-process API server. */
class ScaleAndSetCommandTest {
  private InProcessApi api;
  private CliRun cli;

  @BeforeEach
  void start() {
    api = new InProcessApi();
    // each run closes its client: hand it one that leaves the shared channel open
    cli = new CliRun(server -> new KavaClient(api.client.channel(), false, Duration.ofSeconds(10)));
    Deployment d = Objects.nginx(3, 0);
    api.client.resource(Deployment.class).create(d.toBuilder().clearStatus()
        .setMetadata(d.getMetadata().toBuilder().clearCreationTimestamp()).build());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Deployment deployment() {
    return api.client.resource(Deployment.class).get("default", "nginx-deployment");
  }

  @Test
  void scalesThroughTheSubresource() {
    Result r = cli.run("scale", "deploy/nginx-deployment", "--replicas=5");

    assertThat(r.out()).isEqualTo("deployment.apps/nginx-deployment scaled\n");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void aWrongCurrentReplicasFailsAndChangesNothing() {
    String before = deployment().getMetadata().getResourceVersion();

    Result r = cli.run("scale", "deployment", "nginx-deployment", "--current-replicas=2", "--replicas=5");

    assertThat(r.err()).isEqualTo("error: Expected replicas to be 2, was 3\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(deployment().getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(cli.run("scale", "deploy/nginx-deployment", "--current-replicas=3", "--replicas=1").exitCode()).isZero();
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void aStaleResourceVersionFails() {
    String rv = deployment().getMetadata().getResourceVersion();
    cli.run("scale", "deploy/nginx-deployment", "--replicas=4");

    Result r = cli.run("scale", "deploy/nginx-deployment", "--resource-version=" + rv, "--replicas=9");

    assertThat(r.err()).startsWith("error: Expected resource version to be " + rv + ", was ");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void scaleNeedsReplicasAndAScalableKind() {
    assertThat(cli.run("scale", "deploy/nginx-deployment").err())
        .isEqualTo("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n");
    assertThat(cli.run("scale", "pod/x", "--replicas=1").err())
        .isEqualTo("error: cannot scale pod: it has no scale subresource\n");
    assertThat(cli.run("scale", "deploy/missing", "--replicas=1").err())
        .isEqualTo("Error from server (NotFound): deployments.apps \"missing\" not found\n");
  }

  @Test
  void scaleAllByLabel() {
    Result r = cli.run("scale", "deploy", "-l", "app=nginx", "--replicas=2");

    assertThat(r.out()).isEqualTo("deployment.apps/nginx-deployment scaled\n");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void setImageByNameAndWildcard() {
    Result r = cli.run("set", "image", "deploy/nginx-deployment", "nginx=nginx:1.16");
    Result again = cli.run("set", "image", "deploy/nginx-deployment", "*=nginx:1.16");
    Result missing = cli.run("set", "image", "deploy/nginx-deployment", "web=x");

    assertThat(r.out()).isEqualTo("deployment.apps/nginx-deployment image updated\n");
    assertThat(again.out()).isEmpty();
    assertThat(missing.err()).isEqualTo("error: unable to find container named \"web\"\n");
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.16");
  }

  @Test
  void setEnvAddsRemovesListsAndReadsAConfigMap() {
    api.client.resource(ConfigMap.class).create(ConfigMap.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("cfg")).putData("log.level", "debug").build());

    assertThat(cli.run("set", "env", "deploy/nginx-deployment", "A=1", "B=2").out())
        .isEqualTo("deployment.apps/nginx-deployment env updated\n");
    cli.run("set", "env", "deploy/nginx-deployment", "A-", "B=3");
    cli.run("set", "env", "deploy/nginx-deployment", "--from=configmap/cfg");
    Result list = cli.run("set", "env", "deploy/nginx-deployment", "--list");

    var env = deployment().getSpec().getTemplate().getSpec().getContainers(0).getEnvList();
    assertThat(env).extracting(EnvVar::getName).containsExactly("B", "LOG_LEVEL");
    assertThat(env.get(1).getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("log.level");
    assertThat(list.out()).isEqualTo("""
        # deployments nginx-deployment, container nginx
        B=3
        # LOG_LEVEL from configmap cfg, key log.level
        """);
  }
}
