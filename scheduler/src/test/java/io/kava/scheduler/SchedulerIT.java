package io.kava.scheduler;

import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.ownedBy;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as a real process (its jar, started with java -jar) against the real API server on a
 * real etcd: the Lease, binding over the Bind call, and the PodScheduled condition and FailedScheduling
 * event of a pod that fits nowhere.
 */
class SchedulerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static ApiServerHarness api;
  private static KavaClient client;
  private static Process scheduler;
  private static Path schedulerLog;

  @BeforeAll
  static void startClusterAndScheduler() throws IOException {
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    createReadyNode("it-node-1");
    createReadyNode("it-node-2");
    schedulerLog = Path.of("target", "scheduler-it.log");
    Files.createDirectories(schedulerLog.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    scheduler = new ProcessBuilder(java, "-jar", Path.of("target", "kava-scheduler.jar").toString(),
        "--server", api.target(), "--leader-elect=true")
        .redirectErrorStream(true).redirectOutput(schedulerLog.toFile()).start();
  }

  @AfterAll
  static void stopAll() throws InterruptedException {
    if (scheduler != null) {
      scheduler.destroy();
      if (!scheduler.waitFor(10, TimeUnit.SECONDS)) {
        scheduler.destroyForcibly();
      }
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void bindsAReplicaSetsPodsThreePerNodeAndExplainsAnImpossiblePod() throws IOException {
    ResourceClient<Pod> pods = client.resource(Pod.class);
    ReplicaSet rs = client.resource(ReplicaSet.class).create(replicaSet("web"));
    String rsUid = rs.getMetadata().getUid();
    for (int i = 0; i < 6; i++) {
      Pod p = ownedBy(pod("web-" + i, "100m", "128Mi"), rsUid);
      pods.create(p.toBuilder().setMetadata(p.getMetadata().toBuilder().clearUid().putLabels("app", "web")
          .setOwnerReferences(0, p.getMetadata().getOwnerReferences(0).toBuilder().setName("web"))).build());
    }

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(boundOwnedBy(rsUid))
        .as("pods per node; scheduler log:%n%s", log()).containsExactlyInAnyOrderEntriesOf(
            Map.of("it-node-1", 3L, "it-node-2", 3L)));
    Lease lease = client.resource(Lease.class).get("kube-system", "kava-scheduler");
    assertThat(lease.getSpec().getHolderIdentity()).isNotEmpty();

    Pod impossible = pod("impossible", "100m", "1Ti");
    pods.create(impossible.toBuilder().setMetadata(impossible.getMetadata().toBuilder().clearUid()).build());

    String message = "0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
    await().atMost(TIMEOUT).untilAsserted(() -> {
      Optional<PodCondition> scheduled = pods.get("default", "impossible").getStatus().getConditionsList().stream()
          .filter(c -> c.getType().equals("PodScheduled")).findFirst();
      assertThat(scheduled).as("PodScheduled; scheduler log:%n%s", log()).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("Unschedulable");
        assertThat(c.getMessage()).isEqualTo(message);
      });
    });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.resource(Event.class)
        .list(ListOptions.inNamespace("default")).items())
        .anySatisfy(e -> {
          assertThat(e.getInvolvedObject().getName()).isEqualTo("impossible");
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("FailedScheduling");
          assertThat(e.getMessage()).isEqualTo(message);
        }));
    assertThat(pods.get("default", "impossible").getSpec().getNodeName()).isEmpty();
    assertThat(client.resource(Event.class).list(ListOptions.inNamespace("default")).items())
        .filteredOn(e -> e.getReason().equals("Scheduled")).hasSize(6);
  }

  private static Map<String, Long> boundOwnedBy(String ownerUid) {
    return client.resource(Pod.class).list(ListOptions.inNamespace("default")).items().stream()
        .filter(p -> p.getMetadata().getOwnerReferencesList().stream().anyMatch(o -> o.getUid().equals(ownerUid)))
        .filter(p -> !p.getSpec().getNodeName().isEmpty())
        .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
  }

  /** A Node as a kubelet registers it: created, then its status (Ready, allocatable) written. */
  private static void createReadyNode(String name) {
    ResourceClient<Node> nodes = client.resource(Node.class);
    Node wanted = node(name, "4", "8Gi", 110);
    Node created = nodes.create(wanted.toBuilder().clearStatus().build());
    nodes.updateStatus(created.toBuilder().setStatus(wanted.getStatus()).build());
  }

  private static ReplicaSet replicaSet(String name) {
    Map<String, String> labels = Map.of("app", name);
    return ReplicaSet.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name))
        .setSpec(ReplicaSetSpec.newBuilder().setReplicas(6)
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(labels))
            .setTemplate(PodTemplateSpec.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().putAllLabels(labels))
                .setSpec(pod("template", "100m", "128Mi").getSpec())))
        .build();
  }

  private static String log() throws IOException {
    return Files.exists(schedulerLog) ? Files.readString(schedulerLog) : "(none)";
  }
}
