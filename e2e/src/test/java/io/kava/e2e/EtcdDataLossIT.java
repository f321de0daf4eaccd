package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesson's own question, "what happens when etcd loses its data": with 3 nginx pods running, etcd
 * is stopped, its data directory emptied and etcd started again under the running cluster. The API
 * server's bootstrap controller puts the system namespaces back, every watcher notices the store's
 * revision went back and relists, a new Deployment in default runs, and the kubelets remove the
 * containers of the pods the API no longer has.
 */
class EtcdDataLossIT {
  private static final Duration BOOTSTRAP_BACK = Duration.ofSeconds(20);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().withApiServerArgs("--bootstrap-interval", "1s").start();
    client = cluster.client();
    workloads = new Workloads(client);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String deployment(String name, int replicas) {
    return Manifests.nginxDeploymentYaml(name, replicas);
  }

  private static Set<String> apiPodUids() {
    return client.resource(Pod.class).list(ListOptions.all()).items().stream()
        .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  @Test
  void anEmptiedEtcdGetsTheBootstrapNamespacesBackAndNoContainerOfAVanishedPodStays() {
    workloads.create(deployment("before", 3));
    Set<String> vanished = workloads.awaitReadyPods("default", "app=before", 3).stream()
        .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    await("a running container for each pod").atMost(Workloads.CONVERGE)
        .until(() -> Docker.runningAppContainersByPod(cluster.nodeNames()).keySet().containsAll(vanished));

    cluster.etcd().wipeMember(0);

    await("the bootstrap namespaces back").atMost(BOOTSTRAP_BACK).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> client.resource(Namespace.class).list(ListOptions.all()).items().stream()
            .map(n -> n.getMetadata().getName()).collect(Collectors.toSet())
            .containsAll(List.of("default", "kube-system", "kube-public", "kube-node-lease")));
    assertThat(apiPodUids()).doesNotContainAnyElementsOf(vanished);

    await("a new Deployment in default accepted").atMost(BOOTSTRAP_BACK).ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> {
          workloads.create(deployment("after", 1));
          return true;
        });
    Pod after = workloads.awaitReadyPods("default", "app=after", 1).get(0);

    await("no container of a vanished pod running").atMost(Workloads.CONVERGE).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          Set<String> running = new HashSet<>(Docker.runningAppContainersByPod(cluster.nodeNames()).keySet());
          running.retainAll(vanished);
          return running.isEmpty();
        });
    Map<String, Integer> running = Docker.runningAppContainersByPod(cluster.nodeNames());
    assertThat(running).containsEntry(after.getMetadata().getUid(), 1);
    assertThat(apiPodUids()).containsAll(running.keySet());
  }
}
