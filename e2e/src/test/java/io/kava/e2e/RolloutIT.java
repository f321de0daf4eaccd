package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.ConfigMap;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kavactl's rollout verbs on a real cluster (processes, Docker): undo brings back the previous image on
 * the very same ReplicaSet, status fails on a rollout stuck past its progress deadline, pause holds a
 * template change until resume, a scale with a wrong --current-replicas changes nothing, and a
 * ConfigMap made from a file holds its bytes exactly. One cluster, one Deployment per test.
 */
class RolloutIT {
  private static final String NS = "default";
  private static final Duration ROLLOUT = Duration.ofSeconds(120);

  private static TestCluster cluster;
  private static KavaClient client;
  private static KavactlProcess kavactl;

  @TempDir
  Path dir;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().start();
    client = cluster.client();
    kavactl = new KavactlProcess(cluster.kubeconfig("admin"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static KavactlProcess.Result ok(String... args) {
    KavactlProcess.Result r = kavactl.run(ROLLOUT, args);
    assertThat(r.exitCode()).as("kavactl %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  private static List<ReplicaSet> replicaSets(String app) {
    return client.resource(ReplicaSet.class).list(new ListOptions(NS, "app=" + app, "")).items();
  }

  private static ReplicaSet replicaSetWithImage(String app, String image) {
    return replicaSets(app).stream()
        .filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers(0).getImage().equals(image))
        .findFirst().orElseThrow();
  }

  private static Deployment deployment(String name) {
    return client.resource(Deployment.class).get(NS, name);
  }

  @Test
  void undoBringsBackThePreviousImageOnTheSameReplicaSet() {
    ok("create", "deployment", "undo", "--image=kava/demo:1.0", "--replicas=2");
    ok("rollout", "status", "deploy/undo", "--timeout=110s");
    String firstUid = replicaSetWithImage("undo", "kava/demo:1.0").getMetadata().getUid();

    assertThat(ok("set", "image", "deploy/undo", "demo=nginx:1.14.2").out())
        .isEqualTo("deployment.apps/undo image updated\n");
    String status = ok("rollout", "status", "deploy/undo", "--timeout=110s").out();
    assertThat(status).endsWith("deployment \"undo\" successfully rolled out\n");
    assertThat(ok("rollout", "history", "deploy/undo").out()).contains("REVISION  CHANGE-CAUSE\n1         <none>\n2 ");

    assertThat(ok("rollout", "undo", "deploy/undo").out()).isEqualTo("deployment.apps/undo rolled back\n");
    ok("rollout", "status", "deploy/undo", "--timeout=110s");

    Deployment d = deployment("undo");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("kava/demo:1.0");
    await("the old ReplicaSet back at 2 and the other at 0").atMost(ROLLOUT).untilAsserted(() -> {
      ReplicaSet back = replicaSetWithImage("undo", "kava/demo:1.0");
      assertThat(back.getMetadata().getUid()).isEqualTo(firstUid);
      assertThat(back.getSpec().getReplicas()).isEqualTo(2);
      assertThat(back.getMetadata().getAnnotationsMap()).containsEntry("deployment.kubernetes.io/revision", "3");
      assertThat(replicaSetWithImage("undo", "nginx:1.14.2").getSpec().getReplicas()).isZero();
      assertThat(replicaSets("undo")).hasSize(2);
    });
  }

  @Test
  void statusFailsOnARolloutStuckPastItsProgressDeadline() throws Exception {
    Path manifest = Files.writeString(dir.resolve("stuck.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: stuck
        spec:
          replicas: 1
          progressDeadlineSeconds: 8
          selector:
            matchLabels:
              app: stuck
          template:
            metadata:
              labels:
                app: stuck
            spec:
              containers:
              - name: app
                image: kava/no-such-image:0
        """);
    ok("apply", "-f", manifest.toString());

    KavactlProcess.Result r = kavactl.run(ROLLOUT, "rollout", "status", "deploy/stuck", "--timeout=100s");

    // Started after the deadline passed, status prints no waiting line first: the error is all there is.
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: deployment \"stuck\" exceeded its progress deadline\n");
  }

  @Test
  void pauseHoldsATemplateChangeUntilResume() {
    ok("create", "deployment", "held", "--image=kava/demo:1.0", "--replicas=1");
    ok("rollout", "status", "deploy/held", "--timeout=110s");
    assertThat(ok("rollout", "pause", "deploy/held").out()).isEqualTo("deployment.apps/held paused\n");

    ok("set", "image", "deploy/held", "demo=nginx:1.14.2");
    await("the paused change observed").atMost(ROLLOUT).until(() -> {
      Deployment d = deployment("held");
      return d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
          && d.getStatus().getConditionsList().stream().anyMatch(c -> c.getReason().equals("DeploymentPaused"));
    });
    await("no rollout while paused").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> replicaSets("held").size() == 1);
    assertThat(replicaSets("held").get(0).getSpec().getTemplate().getSpec().getContainers(0).getImage())
        .isEqualTo("kava/demo:1.0");

    assertThat(ok("rollout", "resume", "deploy/held").out()).isEqualTo("deployment.apps/held resumed\n");
    ok("rollout", "status", "deploy/held", "--timeout=110s");
    assertThat(replicaSetWithImage("held", "nginx:1.14.2").getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void scaleWithAWrongCurrentReplicasChangesNothing() {
    ok("create", "deployment", "sized", "--image=kava/demo:1.0", "--replicas=1");
    String before = deployment("sized").getMetadata().getResourceVersion();

    KavactlProcess.Result wrong = kavactl.run(ROLLOUT, "scale", "deploy/sized", "--current-replicas=3", "--replicas=2");

    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).isEqualTo("error: Expected replicas to be 3, was 1\n");
    assertThat(deployment("sized").getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment("sized").getMetadata().getGeneration()).isEqualTo(1);
    assertThat(before).isNotEmpty();

    assertThat(ok("scale", "deploy/sized", "--current-replicas=1", "--replicas=2").out())
        .isEqualTo("deployment.apps/sized scaled\n");
    await("two pods of sized").atMost(ROLLOUT).until(() -> deployment("sized").getStatus().getAvailableReplicas() == 2);
  }

  @Test
  void configMapFromAFileKeepsItsBytes() throws Exception {
    byte[] text = "line one\n\ttabbed \u00e9\r\nno newline at end".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] binary = new byte[300];
    new Random(7).nextBytes(binary);
    Path textFile = Files.write(dir.resolve("app.conf"), text);
    Path binaryFile = Files.write(dir.resolve("blob.bin"), binary);

    assertThat(ok("create", "configmap", "files", "--from-file=" + textFile, "--from-file=data=" + binaryFile).out())
        .isEqualTo("configmap/files created\n");

    ConfigMap cm = client.resource(ConfigMap.class).get(NS, "files");
    assertThat(cm.getDataMap().get("app.conf").getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(cm.getBinaryDataMap().get("data").toByteArray()).isEqualTo(binary);
  }
}
