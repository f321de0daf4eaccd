package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/etcd-backup.sh on a cluster of deploy/up.sh (a state directory, ports, node and service range
 * of its own): a snapshot, then more objects (a second Deployment, a ConfigMap) and one object of the
 * snapshot deleted, then a restore. The cluster matches the snapshot, and Docker agrees: the containers
 * of pods created after the snapshot are gone, every pod of the snapshot runs (those that never stopped
 * in their very containers), and no pod has two containers. Bad input gets one clear line.
 */
class EtcdRestoreIT {
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  private static final int API_PORT = ApiServerHarness.freePort();
  private static final String NODE = "restore-it-" + Long.toString(System.nanoTime() % 100_000, 36) + "-1";
  private static Path stateDir;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void up() throws Exception {
    stateDir = Files.createTempDirectory("kava-restore-it-");
    DeployScript.Result up = DeployScript.run(stateDir, "deploy/up.sh", "--nodes", "1",
        "--etcd-port", "" + ApiServerHarness.freePort(), "--etcd-peer-port", "" + ApiServerHarness.freePort(),
        "--api-port", "" + API_PORT, "--node-prefix", NODE.substring(0, NODE.length() - 1),
        "--first-node-ip", "127.0.0.41", "--service-cidr", "10.242." + (1 + new java.util.Random().nextInt(250)) + ".0/24",
        "--dns-port", "" + ApiServerHarness.freePort(), "--no-build", "--no-images");
    assertThat(up.exitCode()).as(up.output()).isZero();
    client = DeployScript.adminClient(stateDir);
    workloads = new Workloads(client);
  }

  @AfterAll
  static void down() {
    if (client != null) {
      client.close();
    }
    if (stateDir != null) {
      DeployScript.run(stateDir, "deploy/down.sh", "--purge");
      try (var files = Files.walk(stateDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException e) {
        // a leftover temporary folder is harmless
      }
    }
  }

  private static String deployment(String name, int replicas) {
    return Manifests.nginxDeploymentYaml(name, replicas);
  }

  private static String configMap(String name) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          made: "yes"
        """.formatted(name);
  }

  private static Set<String> names(List<? extends com.google.protobuf.Message> objects) {
    return objects.stream().map(o -> io.kava.client.ApiObjects.meta(o).getName()).collect(Collectors.toSet());
  }

  private static Set<String> uids(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  private static List<Pod> pods() {
    return client.resource(Pod.class).list(ListOptions.inNamespace("default")).items();
  }

  private static Map<String, Integer> containersByPod() {
    return Docker.runningAppContainersByPod(List.of(NODE));
  }

  @Test
  void aRestoreBringsBackTheSnapshotAndDockerAgrees() throws Exception {
    workloads.create(deployment("kept", 2) + "---\n" + deployment("removed", 1) + "---\n" + configMap("snap-cm"));
    Set<String> kept = uids(workloads.awaitReadyPods("default", "app=kept", 2));
    Set<String> removed = uids(workloads.awaitReadyPods("default", "app=removed", 1));
    await().atMost(CONVERGE).until(() -> containersByPod().keySet().containsAll(kept));
    Map<String, List<String>> keptContainers = kept.stream()
        .collect(Collectors.toMap(uid -> uid, uid -> Docker.containersOfPod(uid, "web", true)));
    assertThat(keptContainers.values()).allMatch(ids -> ids.size() == 1);
    Path snapshot = stateDir.resolve("snapshot.db");
    DeployScript.Result save = DeployScript.run(stateDir, "deploy/etcd-backup.sh", "save", snapshot.toString());
    assertThat(save.exitCode()).as(save.output()).isZero();
    assertThat(save.output()).contains("saved " + snapshot);

    workloads.create(deployment("later", 2) + "---\n" + configMap("later-cm"));
    Set<String> later = uids(workloads.awaitReadyPods("default", "app=later", 2));
    client.resource(Deployment.class).delete("default", "removed");
    await("the removed Deployment's pod gone").atMost(CONVERGE).ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> workloads.pods("default", "app=removed").isEmpty() && !containersByPod().keySet().containsAll(removed));

    DeployScript.Result restore = DeployScript.run(stateDir, "deploy/etcd-backup.sh", "restore", snapshot.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(restore.output()).contains("restore done");

    await("the API matches the snapshot").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(ApiException.class).untilAsserted(() -> {
          assertThat(names(client.resource(Deployment.class).list(ListOptions.inNamespace("default")).items()))
              .containsExactlyInAnyOrder("kept", "removed");
          assertThat(names(client.resource(ConfigMap.class).list(ListOptions.inNamespace("default")).items()))
              .contains("snap-cm").doesNotContain("later-cm");
          assertThat(uids(pods())).containsExactlyInAnyOrderElementsOf(union(kept, removed));
        });
    await("Docker matches the snapshot").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          Map<String, Integer> running = containersByPod();
          assertThat(running.keySet()).containsExactlyInAnyOrderElementsOf(union(kept, removed));
          assertThat(running.values()).allMatch(n -> n == 1);
          assertThat(running.keySet()).doesNotContainAnyElementsOf(later);
        });
    workloads.awaitReadyPods("default", "app=removed", 1);
    // The pods that ran all along kept their containers: adopted by label, not started twice.
    keptContainers.forEach((uid, ids) -> assertThat(Docker.containersOfPod(uid, "web", true)).as(uid).isEqualTo(ids));
    // The cluster works on: a write after the restore is served.
    workloads.create(configMap("after-restore"));
    assertThat(client.resource(ConfigMap.class).get("default", "after-restore").getDataMap()).containsEntry("made", "yes");
  }

  @Test
  void badInputGetsOneClearLine() throws Exception {
    DeployScript.Result missing = DeployScript.run(stateDir, "deploy/etcd-backup.sh", "restore", "/nonexistent/snap.db");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output()).contains("no such snapshot file: /nonexistent/snap.db").doesNotContain("stopped unexpectedly");

    Path bogus = Files.writeString(stateDir.resolve("bogus.db"), "not a snapshot");
    DeployScript.Result bad = DeployScript.run(stateDir, "deploy/etcd-backup.sh", "restore", bogus.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.output()).contains("is not an etcd snapshot");

    Path empty = Files.createTempDirectory("kava-no-cluster-");
    DeployScript.Result none = DeployScript.run(empty, "deploy/etcd-backup.sh", "save", empty.resolve("s.db").toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.output()).contains("no cluster in " + empty);
    Files.delete(empty);

    DeployScript.Result usage = DeployScript.run(stateDir, "deploy/etcd-backup.sh");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.output()).contains("Usage: deploy/etcd-backup.sh save FILE");
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
