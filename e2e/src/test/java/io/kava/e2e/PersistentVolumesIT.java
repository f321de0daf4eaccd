package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Volumes that outlive pods, on real processes and Docker: a claim of the default StorageClass
 * (local-path, WaitForFirstConsumer) is provisioned on the node its first pod lands on; the data a pod
 * wrote is there for the next pod, which the volume's node affinity puts on the same node; the claim
 * stays while a pod uses it; once it goes, its Delete volume and directory go too. A StatefulSet of three
 * gets one claim per ordinal from its claim template; web-1, deleted, comes back with the same claim and
 * the file it wrote. A Retain volume
 * is Released and keeps its directory; a projected volume shows a ConfigMap and the pod's labels and
 * follows a label change.
 */
class PersistentVolumesIT {
  private static final String NS = "default";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().start();
    client = cluster.client();
    workloads = new Workloads(client);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A pod that shows what the volume held (its log), then leaves its own mark there. */
  private static String writerPod(String name, String claim) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "cat /data/mark 2>/dev/null || echo empty; echo %s > /data/mark; sleep 3600"]
            volumeMounts: [{name: data, mountPath: /data}]
          volumes:
          - name: data
            persistentVolumeClaim: {claimName: %s}
        """.formatted(name, name, claim);
  }

  private static String log(String pod) {
    try (KavactlRun run = KavactlRun.capturing(cluster.adminConfig())) {
      return run.run("logs", pod) == 0 ? run.out() : "";
    }
  }

  private static Pod awaitRunning(String name) {
    return await(name + " Running").atMost(TIMEOUT).ignoreExceptions()
        .until(() -> client.resource(Pod.class).get(NS, name), p -> p.getStatus().getPhase().equals("Running"));
  }

  private static void deletePod(String name) {
    client.resource(Pod.class).delete(NS, name);
    await(name + " gone").atMost(TIMEOUT).until(() -> client.resource(Pod.class).list(
        ListOptions.inNamespace(NS)).items().stream().noneMatch(p -> p.getMetadata().getName().equals(name)));
  }

  @Test
  void aClaimsDataOutlivesItsPodAndGoesWithTheClaim() {
    workloads.create("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """);
    assertThat(client.resource(PersistentVolumeClaim.class).get(NS, "data").getSpec().getStorageClassName())
        .as("the default StorageClass").isEqualTo("standard");

    workloads.create(writerPod("first", "data"));
    Pod first = awaitRunning("first");
    await().atMost(TIMEOUT).until(() -> log("first").equals("empty\n"));
    PersistentVolumeClaim bound = client.resource(PersistentVolumeClaim.class).get(NS, "data");
    assertThat(bound.getStatus().getPhase()).isEqualTo("Bound");
    PersistentVolume volume = client.resource(PersistentVolume.class).get("", bound.getSpec().getVolumeName());
    Path directory = Path.of(volume.getSpec().getLocal().getPath());
    assertThat(directory.resolve("mark")).exists();

    // The claim is in use: deleting it leaves it Terminating until the pod is gone.
    client.resource(PersistentVolumeClaim.class).delete(NS, "data");
    assertThat(client.resource(PersistentVolumeClaim.class).get(NS, "data").getMetadata().getDeletionTimestamp())
        .isNotEmpty();
    deletePod("first");
    await("claim gone").atMost(TIMEOUT).until(() -> client.resource(PersistentVolumeClaim.class).list(
        ListOptions.inNamespace(NS)).items().stream().noneMatch(c -> c.getMetadata().getName().equals("data")));
    String volumeName = volume.getMetadata().getName();
    await("volume and directory gone (reclaim policy Delete)").atMost(TIMEOUT).until(() ->
        client.resource(PersistentVolume.class).list(ListOptions.all()).items().stream()
            .noneMatch(v -> v.getMetadata().getName().equals(volumeName)) && !Files.exists(directory));
    assertThat(first.getSpec().getNodeName()).isNotEmpty();
  }

  @Test
  void theNextPodSeesTheDataOnTheSameNode() {
    workloads.create("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: kept}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 64Mi}}
        """);
    workloads.create(writerPod("writer", "kept"));
    Pod writer = awaitRunning("writer");
    await().atMost(TIMEOUT).until(() -> log("writer").equals("empty\n"));
    deletePod("writer");

    workloads.create(writerPod("reader", "kept"));
    Pod reader = awaitRunning("reader");
    await().atMost(TIMEOUT).until(() -> log("reader").equals("writer\n"));
    assertThat(reader.getSpec().getNodeName()).isEqualTo(writer.getSpec().getNodeName());
    deletePod("reader");
  }

  @Test
  void aStatefulSetPodGetsItsOwnClaimBack() {
    workloads.create("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          serviceName: web
          replicas: 3
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "cat /data/mark 2>/dev/null || echo empty; echo $(hostname) > /data/mark; sleep 3600"]
                volumeMounts: [{name: www, mountPath: /data}]
          volumeClaimTemplates:
          - metadata: {name: www}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 64Mi}}
        """);
    Map<String, String> claimUids = new HashMap<>();
    for (String pod : List.of("web-0", "web-1", "web-2")) {
      awaitRunning(pod);
      await().atMost(TIMEOUT).until(() -> log(pod).equals("empty\n"));
      PersistentVolumeClaim claim = client.resource(PersistentVolumeClaim.class).get(NS, "www-" + pod);
      assertThat(claim.getStatus().getPhase()).as(claim.getMetadata().getName()).isEqualTo("Bound");
      claimUids.put(claim.getMetadata().getName(), claim.getMetadata().getUid());
    }
    assertThat(new HashSet<>(claimUids.values())).as("one claim per ordinal").hasSize(3);

    // The set makes a new web-1 at once (same name): wait for the new uid, not for the name to be gone.
    String firstPod = client.resource(Pod.class).get(NS, "web-1").getMetadata().getUid();
    client.resource(Pod.class).delete(NS, "web-1");
    await("a new web-1 Running").atMost(TIMEOUT).ignoreExceptions().until(() -> client.resource(Pod.class).get(NS, "web-1"),
        p -> !p.getMetadata().getUid().equals(firstPod) && p.getStatus().getPhase().equals("Running"));
    await("web-1 back, reading what it wrote").atMost(TIMEOUT).until(() -> log("web-1").equals("web-1\n"));
    assertThat(client.resource(PersistentVolumeClaim.class).get(NS, "www-web-1").getMetadata().getUid())
        .as("the same claim").isEqualTo(claimUids.get("www-web-1"));
    assertThat(log("web-0")).as("the others untouched").isEqualTo("empty\n");
  }

  @Test
  void aRetainVolumeIsReleasedAndKeepsItsDirectoryAfterItsClaimGoes() {
    workloads.create("""
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: kept}
        provisioner: kava.io/local-path
        reclaimPolicy: Retain
        volumeBindingMode: WaitForFirstConsumer
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: retained}
        spec:
          storageClassName: kept
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 64Mi}}
        """);
    workloads.create(writerPod("keeper", "retained"));
    awaitRunning("keeper");
    await().atMost(TIMEOUT).until(() -> log("keeper").equals("empty\n"));
    String volumeName = client.resource(PersistentVolumeClaim.class).get(NS, "retained").getSpec().getVolumeName();
    PersistentVolume volume = client.resource(PersistentVolume.class).get("", volumeName);
    assertThat(volume.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    Path directory = Path.of(volume.getSpec().getLocal().getPath());

    deletePod("keeper");
    client.resource(PersistentVolumeClaim.class).delete(NS, "retained");
    await("volume Released").atMost(TIMEOUT).until(() ->
        client.resource(PersistentVolume.class).get("", volumeName).getStatus().getPhase().equals("Released"));
    assertThat(directory.resolve("mark")).as("the data stays with a Retain volume").hasContent("keeper\n");
    client.resource(PersistentVolume.class).delete("", volumeName);
  }

  @Test
  void aProjectedVolumeShowsAConfigMapAndThePodsLabelsAndFollowsThem() {
    workloads.create("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: greeting}
        data: {hello: world}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: projected
          labels: {tier: front}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "while true; do cat /info/hello /info/labels; echo; sleep 1; done"]
            volumeMounts: [{name: info, mountPath: /info}]
          volumes:
          - name: info
            projected:
              sources:
              - configMap: {name: greeting}
              - downwardAPI:
                  items:
                  - {path: labels, fieldRef: {fieldPath: metadata.labels}}
        """);
    awaitRunning("projected");
    await("the files").atMost(TIMEOUT).until(() -> log("projected").contains("worldtier=\"front\""));

    await("label changed").atMost(TIMEOUT).ignoreExceptions().until(() -> { // a status write may conflict
      Pod pod = client.resource(Pod.class).get(NS, "projected");
      client.resource(Pod.class).update(pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
          .putLabels("tier", "back")).build());
      return true;
    });
    await("the labels file follows the pod").atMost(TIMEOUT).until(() -> log("projected").contains("worldtier=\"back\""));
  }

  @Test
  void aClaimWithAnUnknownAccessModeIsRefusedAndNotStored() {
    assertThatThrownBy(() -> workloads.create("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: bad}
        spec:
          accessModes: [ReadWriteSometimes]
          resources: {requests: {storage: 1Gi}}
        """)).isInstanceOf(ApiException.class).hasMessageContaining("spec.accessModes[0]")
        .hasMessageContaining("Unsupported value");
    assertThatThrownBy(() -> client.resource(PersistentVolumeClaim.class).get(NS, "bad"))
        .isInstanceOf(ApiException.class);
  }
}
