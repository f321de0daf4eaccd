package io.kava.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.controllermanager.ControllerManager;
import io.kava.controllermanager.replicaset.ReplicaSetController;
import io.kava.controllermanager.testing.RunningControllerManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Deployment rolled out by the real Deployment and ReplicaSet controllers (wired by the real
 * {@link ControllerManager}) through a real API server on real etcd. There is no scheduler or kubelet:
 * the test plays the kubelet by marking every new pod Running and Ready through updateStatus, and a
 * watch records how many pods exist and how many are ready at every moment.
 */
class DeploymentRolloutIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Map<String, String> LABELS = Map.of("app", "nginx");

  private static ApiServerHarness api;
  private static KavaClient client;
  private static RunningControllerManager manager;

  @BeforeAll
  static void start() {
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    manager = RunningControllerManager.start(api, managerClient -> List.of(
        new ReplicaSetController(managerClient), new DeploymentController(managerClient)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (manager != null) {
      manager.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static ResourceClient<Deployment> deployments() {
    return client.resource(Deployment.class);
  }

  private static ResourceClient<ReplicaSet> replicaSets() {
    return client.resource(ReplicaSet.class);
  }

  private static ResourceClient<Pod> pods() {
    return client.resource(Pod.class);
  }

  private static String newNamespace() {
    String name = "deploy-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).build());
    return name;
  }

  /** Upstream's nginx-deployment example: 3 replicas, default strategy (25% surge, 25% unavailable). */
  private static Deployment nginx(String namespace, String image) {
    return Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName("nginx-deployment").putAllLabels(LABELS))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(3)
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(LABELS))
            .setTemplate(PodTemplateSpec.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().putAllLabels(LABELS))
                .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("nginx").setImage(image)))))
        .build();
  }

  private static List<ReplicaSet> replicaSetsIn(String namespace) {
    return replicaSets().list(ListOptions.inNamespace(namespace)).items();
  }

  private static List<Pod> podsIn(String namespace) {
    return pods().list(ListOptions.inNamespace(namespace)).items();
  }

  /** Read-modify-write until no conflict, as kubectl edit would. */
  private static Deployment updateDeployment(String namespace, String name, UnaryOperator<Deployment> change) {
    while (true) {
      try {
        return deployments().update(change.apply(deployments().get(namespace, name)));
      } catch (ApiException e) {
        if (!e.isConflict()) {
          throw e;
        }
      }
    }
  }

  @Test
  void imageChangeRollsOutWithinSurgeAndWithoutLosingAvailability() throws Exception {
    String ns = newNamespace();
    try (FakeKubelet kubelet = new FakeKubelet(ns)) {
      Deployment created = deployments().create(nginx(ns, "nginx:1.14.2"));

      await().atMost(TIMEOUT).until(() -> replicaSetsIn(ns).size() == 1 && podsIn(ns).size() == 3);
      ReplicaSet first = replicaSetsIn(ns).get(0);
      String firstHash = first.getMetadata().getLabelsOrThrow(PodTemplateHash.LABEL);
      assertThat(first.getMetadata().getName()).isEqualTo("nginx-deployment-" + firstHash);
      assertThat(first.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "1");
      assertThat(first.getMetadata().getOwnerReferences(0).getUid()).isEqualTo(created.getMetadata().getUid());

      await().atMost(TIMEOUT).until(() -> {
        Deployment d = deployments().get(ns, "nginx-deployment");
        return d.getStatus().getAvailableReplicas() == 3 && d.getStatus().getUpdatedReplicas() == 3
            && d.getStatus().getObservedGeneration() == d.getMetadata().getGeneration();
      });
      Deployment ready = deployments().get(ns, "nginx-deployment");
      assertThat(ready.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "1");
      assertThat(Conditions.get(ready.getStatus(), Conditions.AVAILABLE).getStatus()).isEqualTo(Conditions.TRUE);
      // The test's own pod watch may trail the controllers' by a moment.
      await().atMost(TIMEOUT).until(() -> kubelet.readyNow() == 3);
      kubelet.startCountingAvailability();

      updateDeployment(ns, "nginx-deployment", d -> d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(
          d.getSpec().getTemplate().toBuilder().setSpec(d.getSpec().getTemplate().getSpec().toBuilder()
              .setContainers(0, d.getSpec().getTemplate().getSpec().getContainers(0).toBuilder()
                  .setImage("nginx:1.16.1"))))).build());

      await().atMost(TIMEOUT).until(() -> {
        Deployment d = deployments().get(ns, "nginx-deployment");
        DeploymentCondition progressing = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        return d.getStatus().getObservedGeneration() == d.getMetadata().getGeneration()
            && d.getStatus().getUpdatedReplicas() == 3 && d.getStatus().getReplicas() == 3
            && d.getStatus().getAvailableReplicas() == 3 && progressing != null
            && progressing.getReason().equals(Conditions.NEW_RS_AVAILABLE);
      });

      List<ReplicaSet> sets = replicaSetsIn(ns);
      assertThat(sets).hasSize(2);
      ReplicaSet old = sets.stream().filter(rs -> rs.getMetadata().getName().equals(first.getMetadata().getName()))
          .findFirst().orElseThrow();
      ReplicaSet current = sets.stream().filter(rs -> rs != old).findFirst().orElseThrow();
      assertThat(ReplicaSets.replicas(old)).isZero();
      assertThat(ReplicaSets.replicas(current)).isEqualTo(3);
      assertThat(current.getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.16.1");
      assertThat(current.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "2");
      assertThat(deployments().get(ns, "nginx-deployment").getMetadata().getAnnotationsMap())
          .containsEntry(Revisions.REVISION, "2");
      String currentHash = current.getMetadata().getLabelsOrThrow(PodTemplateHash.LABEL);
      await().atMost(TIMEOUT).until(() -> podsIn(ns).size() == 3 && podsIn(ns).stream()
          .allMatch(p -> currentHash.equals(p.getMetadata().getLabelsMap().get(PodTemplateHash.LABEL))));

      // replicas 3 + maxSurge (25% of 3 rounds up to 1); maxUnavailable (25% of 3 rounds down) is 0.
      assertThat(kubelet.maxPods()).as("pods existing at once").isEqualTo(4);
      assertThat(kubelet.minReadyDuringRollout()).as("ready pods during the rollout").isEqualTo(3);
    }
  }

  /**
   * Marks every new pod Running and Ready, as a kubelet would report it, and follows the namespace's
   * pods through a watch: the most that existed at once and the fewest ready once counting started.
   */
  private static final class FakeKubelet implements WatchListener<Pod>, AutoCloseable {
    private final String namespace;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Set<String> marked = ConcurrentHashMap.newKeySet();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final AtomicInteger maxPods = new AtomicInteger();
    private final AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
    private volatile boolean countingAvailability;
    private final Watch watch;

    FakeKubelet(String namespace) {
      this.namespace = namespace;
      this.watch = pods().watch(ListOptions.inNamespace(namespace), "", this);
    }

    @Override
    public synchronized void onEvent(WatchEvent<Pod> event) {
      if (event.type() == WatchEvent.Type.BOOKMARK) {
        return;
      }
      Pod pod = event.object();
      String name = pod.getMetadata().getName();
      if (event.type() == WatchEvent.Type.DELETED) {
        pods.remove(name);
      } else {
        pods.put(name, pod);
        if (!isReady(pod) && marked.add(name)) {
          writer.execute(() -> markReady(name));
        }
      }
      maxPods.accumulateAndGet(pods.size(), Math::max);
      if (countingAvailability) {
        minReady.accumulateAndGet(readyNow(), Math::min);
      }
    }

    @Override
    public void onClose(ApiException error) {
      // the test's assertions notice a watch that ended early
    }

    private void markReady(String name) {
      while (true) {
        try {
          Pod pod = pods().get(namespace, name);
          String now = Times.now();
          pods().updateStatus(pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase("Running")
              .setStartTime(now)
              .addConditions(PodCondition.newBuilder().setType("Ready").setStatus("True").setLastTransitionTime(now)))
              .build());
          return;
        } catch (ApiException e) {
          if (!e.isConflict()) {
            return; // gone (scaled down before it got ready): nothing to report
          }
        }
      }
    }

    private static boolean isReady(Pod pod) {
      return pod.getStatus().getConditionsList().stream()
          .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    synchronized int readyNow() {
      return (int) pods.values().stream().filter(FakeKubelet::isReady).count();
    }

    synchronized void startCountingAvailability() {
      countingAvailability = true;
      minReady.set(readyNow());
    }

    int maxPods() {
      return maxPods.get();
    }

    int minReadyDuringRollout() {
      return minReady.get();
    }

    @Override
    public void close() {
      watch.close();
      writer.shutdownNow();
    }
  }
}
