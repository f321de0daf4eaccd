package io.kava.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.testing.FakeApi;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.testing.FakeContainerRuntime;
import io.kava.kubelet.testing.TestPods;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wired kubelet against an in-process fake API server and a fake engine. */
class KubeletTest {
  private static final String NODE = "node-a";
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final FakeContainerRuntime runtime = new FakeContainerRuntime(Clock.systemUTC())
      .withImage(TestPods.IMAGE).withImage("kava/pause:3.9");
  private Kubelet kubelet;

  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path rootDir;

  @BeforeEach
  void start() {
    KubeletConfig config = new KubeletConfig("in-process", NODE, "127.0.0.11", "4", "8Gi", 110, 0.1,
        "unused", Duration.ofSeconds(1), true, "kava/pause:3.9", Duration.ofMillis(500), 2, rootDir, true,
        java.util.List.of("10.96.0.10"), "cluster.local", "/etc/resolv.conf", 0, Duration.ofSeconds(15));
    kubelet = new Kubelet(config, client, runtime);
  }

  @AfterEach
  void stop() {
    kubelet.close();
    client.close();
    api.close();
  }

  private Pod pod(String name) {
    return client.resource(Pod.class).get("default", name);
  }

  @Test
  void registersItsNodeAndRenewsItsLease() {
    kubelet.start();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(ApiException.class).untilAsserted(() -> {
      Node node = client.resource(Node.class).get("", NODE);
      assertThat(node.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/hostname", NODE)
          .containsEntry("kubernetes.io/os", "linux").containsKey("kubernetes.io/arch");
      assertThat(node.getStatus().getCapacityMap()).containsEntry("cpu", "4").containsEntry("memory", "8Gi")
          .containsEntry("pods", "110");
      assertThat(node.getStatus().getAllocatableMap()).containsEntry("pods", "110");
      assertThat(node.getStatus().getAddressesList()).anyMatch(a -> a.getType().equals("InternalIP")
          && a.getAddress().equals("127.0.0.11"));
      NodeCondition ready = node.getStatus().getConditionsList().stream()
          .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
      assertThat(ready.getStatus()).isEqualTo("True");
      assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("fake://1.0");
      Lease lease = client.resource(Lease.class).get("kube-node-lease", NODE);
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(NODE);
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
    });
    String firstRenew = client.resource(Lease.class).get("kube-node-lease", NODE).getSpec().getRenewTime();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        !client.resource(Lease.class).get("kube-node-lease", NODE).getSpec().getRenewTime().equals(firstRenew));
  }

  @Test
  void runsABoundPodRestartsItsKilledContainerAndCleansUpWhenItIsGone() {
    api.seed(TestPods.pod("web", NODE, TestPods.container("app", "sleep", "3600")));
    kubelet.start();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(pod("web").getStatus().getPhase()).isEqualTo("Running");
      assertThat(pod("web").getStatus().getPodIp()).startsWith("172.17.0.");
    });
    ContainerInfo app = runtime.named("app").get(0);

    runtime.exit(app.id(), 137); // as `docker kill`: noticed by the container poller, not the periodic sync
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(pod("web").getStatus().getContainerStatuses(0).getRestartCount()).isEqualTo(1));
    assertThat(pod("web").getStatus().getContainerStatuses(0).getLastState().getTerminated().getExitCode())
        .isEqualTo(137);

    client.resource(Pod.class).delete("default", "web");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runtime.all()).isEmpty());
  }

  @Test
  void deletesAPodMarkedForDeletionAfterStoppingIt() {
    api.seed(TestPods.pod("web", NODE, TestPods.container("app", "sleep", "3600")));
    kubelet.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> pod("web").getStatus().getPhase().equals("Running"));
    Pod running = pod("web");
    // What the API server does for a pod on a node: mark it, and let the kubelet finish the job.
    client.resource(Pod.class).update(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:00:00Z").setDeletionGracePeriodSeconds(1)).build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(runtime.all()).isEmpty();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pod("web"))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
    });
  }

  @Test
  void removesContainersOfPodsThatNoLongerExistButNotThoseOfOtherNodes() {
    String orphan = runtime.addForeign(Map.of("io.kava.managed", "true", "io.kava.node", NODE,
        "io.kava.pod.uid", "gone-uid", "io.kava.pod.namespace", "default", "io.kava.pod.name", "gone",
        "io.kava.container.name", "app", "io.kava.restart-count", "0"), true);
    String otherNode = runtime.addForeign(Map.of("io.kava.managed", "true", "io.kava.node", "node-b",
        "io.kava.pod.uid", "other-uid", "io.kava.container.name", "app"), true);
    kubelet.start();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(runtime.all()).extracting(ContainerInfo::id).doesNotContain(orphan));
    assertThat(runtime.all()).extracting(ContainerInfo::id).contains(otherNode);
  }

  /**
   * Regression (issue 7, node lifecycle): a node comes back after the taint manager deleted its pod
   * while the kubelet was down. The pod is still in the API, terminating and bound here, and its
   * container from before the outage still runs: the kubelet must stop it and confirm the deletion.
   */
  @Test
  void aKubeletComingBackStopsAndConfirmsAPodDeletedWhileItWasDown() {
    Pod pod = TestPods.pod("moved", NODE, TestPods.container("app", "sleep", "3600"));
    pod = pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().setDeletionTimestamp("2026-12-01T10:00:00Z")
        .setDeletionGracePeriodSeconds(30)).build();
    api.seed(pod);
    String leftOver = runtime.addForeign(Map.of("io.kava.managed", "true", "io.kava.node", NODE,
        "io.kava.pod.uid", pod.getMetadata().getUid(), "io.kava.pod.namespace", "default", "io.kava.pod.name", "moved",
        "io.kava.container.name", "app", "io.kava.restart-count", "0"), true);

    kubelet.start();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(runtime.all()).extracting(ContainerInfo::id).doesNotContain(leftOver);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pod("moved"))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
    });
  }
}
