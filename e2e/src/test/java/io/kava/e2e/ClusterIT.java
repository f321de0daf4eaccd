package io.kava.e2e;

import static io.kava.e2e.Manifests.SERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reconciliation loop end to end: real etcd, API server, scheduler, controller manager and two
 * kubelets as separate processes, real Docker containers. Assertions check what Docker shows.
 */
@TestMethodOrder(OrderAnnotation.class)
class ClusterIT {
  private static final String NS = "default";
  private static final String V1 = "kava/e2e-app:v1";
  private static final String V2 = "kava/e2e-app:v2";
  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private static TestCluster cluster;
  private static KavaClient client;
  private static ResourceClient<Deployment> deployments;
  private static ResourceClient<Pod> pods;

  @BeforeAll
  static void startCluster() throws Exception {
    Docker.tag("kava/busybox:latest", V1);
    Docker.tag("kava/busybox:latest", V2);
    cluster = new TestCluster().start();
    client = cluster.client();
    deployments = client.resource(Deployment.class);
    pods = client.resource(Pod.class);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static List<Pod> podsOf(String app) {
    return pods.list(ListOptions.inNamespace(NS).withLabelSelector("app=" + app)).items();
  }

  private static boolean isRunningAndReady(Pod p) {
    return p.getStatus().getPhase().equals("Running") && p.getMetadata().getDeletionTimestamp().isEmpty()
        && p.getStatus().getConditionsList().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static List<Pod> readyPodsOf(String app) {
    return podsOf(app).stream().filter(ClusterIT::isRunningAndReady).toList();
  }

  /** Running app containers, as Docker shows them, of the live pods of an app. */
  private static List<String> runningContainersOf(String app) {
    List<String> ids = new ArrayList<>();
    for (Pod p : podsOf(app)) {
      ids.addAll(Docker.containersOfPod(p.getMetadata().getUid(), "app", true));
    }
    return ids;
  }

  private static void awaitConverged(String app, int replicas) {
    await(app + " has " + replicas + " ready pods and running containers").atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(ApiException.class)
        .untilAsserted(() -> {
          assertThat(podsOf(app)).extracting(ClusterIT::describe).hasSize(replicas)
              .allMatch(s -> s.endsWith("Running ready"));
          assertThat(runningContainersOf(app)).hasSize(replicas);
        });
  }

  /** "name phase ready|not-ready|deleting", so a failed wait says what it saw. */
  private static String describe(Pod p) {
    String state = !p.getMetadata().getDeletionTimestamp().isEmpty() ? "deleting"
        : isRunningAndReady(p) ? "ready" : "not-ready";
    return p.getMetadata().getName() + " " + p.getStatus().getPhase() + " " + state;
  }

  private static void scale(String name, int replicas) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(ApiException.class).until(() -> {
      Deployment d = deployments.get(NS, name);
      deployments.update(d.toBuilder().setSpec(d.getSpec().toBuilder().setReplicas(replicas)).build());
      return true;
    });
  }

  private static ContainerStatus appStatus(String podName) {
    Pod p = pods.get(NS, podName);
    return p.getStatus().getContainerStatusesList().stream().filter(s -> s.getName().equals("app"))
        .findFirst().orElse(ContainerStatus.getDefaultInstance());
  }

  // ------------------------------------------------------------------ scenarios

  @Test
  @Order(1)
  void deploymentOfThreeRunsThreeContainersSpreadOverBothNodes() {
    deployments.create(Manifests.deployment(NS, "web", 3, V1));
    awaitConverged("web", 3);
    Set<String> nodes = new HashSet<>();
    for (String id : runningContainersOf("web")) {
      nodes.add(Docker.nodeOf(id));
    }
    assertThat(nodes).containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
    for (Pod p : podsOf("web")) {
      assertThat(p.getStatus().getPodIp()).isNotEmpty();
      assertThat(p.getSpec().getNodeName()).isIn(cluster.nodeNames());
    }
  }

  @Test
  @Order(2)
  void killedContainerIsRestartedWithRestartCountOne() {
    Pod victim = readyPodsOf("web").get(0);
    String name = victim.getMetadata().getName();
    String before = Docker.containersOfPod(victim.getMetadata().getUid(), "app", true).get(0);
    Docker.kill(before);
    await("container of " + name + " restarted").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .until(() -> appStatus(name).getRestartCount() == 1 && appStatus(name).hasState()
            && appStatus(name).getState().hasRunning()
            && Docker.containersOfPod(victim.getMetadata().getUid(), "app", true).size() == 1);
    assertThat(Docker.containersOfPod(victim.getMetadata().getUid(), "app", true)).doesNotContain(before);
  }

  @Test
  @Order(3)
  void removedContainerIsReplaced() {
    Pod victim = readyPodsOf("web").get(1);
    String uid = victim.getMetadata().getUid();
    String before = Docker.containersOfPod(uid, "app", true).get(0);
    Docker.removeForce(before);
    await("container of " + victim.getMetadata().getName() + " replaced").atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          List<String> now = Docker.containersOfPod(uid, "app", true);
          return now.size() == 1 && !now.contains(before);
        });
    awaitConverged("web", 3);
  }

  @Test
  @Order(4)
  void deletedPodIsReplacedByANewOne() {
    Pod victim = readyPodsOf("web").get(0);
    pods.delete(NS, victim.getMetadata().getName());
    await("pod replaced").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> readyPodsOf("web").size() == 3
            && readyPodsOf("web").stream().noneMatch(p -> p.getMetadata().getName().equals(victim.getMetadata().getName())));
    await("containers of the deleted pod removed").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .until(() -> Docker.containersOfPod(victim.getMetadata().getUid(), "app", false).isEmpty());
    awaitConverged("web", 3);
  }

  @Test
  @Order(5)
  void scalesThreeToFiveToOne() {
    scale("web", 5);
    awaitConverged("web", 5);
    scale("web", 1);
    awaitConverged("web", 1);
    scale("web", 3);
    awaitConverged("web", 3);
  }

  @Test
  @Order(6)
  void imageChangeRollsOutWithinSurgeAndUnavailabilityBounds() {
    int replicas = 3; // defaults: maxSurge 25% -> 1 (rounded up), maxUnavailable 25% -> 0 (rounded down)
    Map<String, Pod> live = new ConcurrentHashMap<>();
    AtomicInteger maxPods = new AtomicInteger();
    AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
    List<String> violations = new CopyOnWriteArrayList<>();
    var listing = pods.list(ListOptions.inNamespace(NS).withLabelSelector("app=web"));
    listing.items().forEach(p -> live.put(p.getMetadata().getName(), p));
    Watch watch = pods.watch(ListOptions.inNamespace(NS).withLabelSelector("app=web"), listing.resourceVersion(),
        new WatchListener<>() {
          @Override
          public void onEvent(WatchEvent<Pod> e) {
            if (e.type() == WatchEvent.Type.BOOKMARK) {
              return;
            }
            if (e.type() == WatchEvent.Type.DELETED) {
              live.remove(e.object().getMetadata().getName());
            } else {
              live.put(e.object().getMetadata().getName(), e.object());
            }
            long notDeleting = live.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp().isEmpty()).count();
            long available = live.values().stream().filter(ClusterIT::isRunningAndReady).count();
            maxPods.accumulateAndGet((int) notDeleting, Math::max);
            minAvailable.accumulateAndGet((int) available, Math::min);
            if (notDeleting > replicas + 1 || available < replicas) {
              violations.add(e.type() + " " + e.object().getMetadata().getName() + ": pods=" + notDeleting
                  + " available=" + available);
            }
          }

          @Override
          public void onClose(ApiException error) {}
        });
    try {
      Deployment d = deployments.get(NS, "web");
      deployments.update(d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(d.getSpec().getTemplate().toBuilder()
          .setSpec(d.getSpec().getTemplate().getSpec().toBuilder()
              .setContainers(0, d.getSpec().getTemplate().getSpec().getContainers(0).toBuilder().setImage(V2))))).build());
      await("rollout to " + V2).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
          .ignoreExceptionsInstanceOf(ApiException.class)
          .until(() -> {
            List<Pod> ready = readyPodsOf("web");
            return podsOf("web").size() == replicas && ready.size() == replicas
                && ready.stream().allMatch(p -> p.getSpec().getContainers(0).getImage().equals(V2));
          });
    } finally {
      watch.close();
    }
    assertThat(violations).isEmpty();
    assertThat(maxPods.get()).isLessThanOrEqualTo(replicas + 1);
    assertThat(minAvailable.get()).isGreaterThanOrEqualTo(replicas);
    awaitConverged("web", 3);
  }

  @Test
  @Order(7)
  void podRequestingMoreMemoryThanAnyNodeStaysPendingWithTheSchedulersReason() {
    pods.create(Manifests.pod(NS, "too-big", Manifests.withMemoryRequest(Manifests.container(V1, SERVE), "100Ti")));
    await("PodScheduled=False").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
      Pod p = pods.get(NS, "too-big");
      return p.getStatus().getConditionsList().stream()
          .anyMatch(c -> c.getType().equals("PodScheduled") && c.getStatus().equals("False"));
    });
    Pod p = pods.get(NS, "too-big");
    PodCondition scheduled = p.getStatus().getConditionsList().stream()
        .filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
    assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
    assertThat(scheduled.getMessage()).contains("0/2 nodes are available").contains("2 Insufficient memory");
    assertThat(p.getSpec().getNodeName()).isEmpty();
    assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    pods.delete(NS, "too-big");
  }

  @Test
  @Order(8)
  void imageThatDoesNotExistGoesToImagePullBackOff() {
    pods.create(Manifests.pod(NS, "no-image", Manifests.container("kava/does-not-exist:1.0", SERVE)));
    List<String> reasons = new CopyOnWriteArrayList<>();
    await("ImagePullBackOff").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      ContainerStatus s = appStatus("no-image");
      if (s.hasState() && s.getState().hasWaiting()) {
        reasons.add(s.getState().getWaiting().getReason());
      }
      return reasons.contains("ImagePullBackOff");
    });
    assertThat(pods.get(NS, "no-image").getStatus().getPhase()).isEqualTo("Pending");
    pods.delete(NS, "no-image");
  }

  @Test
  @Order(9)
  void commandThatExitsOneGoesToCrashLoopBackOffWithGrowingDelays() {
    pods.create(Manifests.pod(NS, "crasher", Manifests.container(V1, List.of("sh", "-c", "exit 1"))));
    List<Long> restartSeenAtMillis = new CopyOnWriteArrayList<>();
    AtomicInteger lastCount = new AtomicInteger();
    List<String> reasons = new CopyOnWriteArrayList<>();
    await("four restarts").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
      ContainerStatus s = appStatus("crasher");
      if (s.getRestartCount() > lastCount.get()) {
        lastCount.set(s.getRestartCount());
        restartSeenAtMillis.add(System.currentTimeMillis());
      }
      if (s.hasState() && s.getState().hasWaiting()) {
        reasons.add(s.getState().getWaiting().getReason());
      }
      return s.getRestartCount() >= 4;
    });
    assertThat(reasons).contains("CrashLoopBackOff");
    // Backoff doubles (10s, 20s, 40s scaled by --backoff-scale 0.1): later gaps are clearly longer.
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < restartSeenAtMillis.size(); i++) {
      gaps.add(restartSeenAtMillis.get(i) - restartSeenAtMillis.get(i - 1));
    }
    assertThat(gaps).hasSizeGreaterThanOrEqualTo(2);
    assertThat(gaps.get(gaps.size() - 1)).isGreaterThan((long) (gaps.get(0) * 1.5));
    pods.delete(NS, "crasher");
  }

  @Test
  @Order(10)
  void apiServerStoppedForThirtySecondsLeavesContainersRunningAndTheClusterConvergesAfter() throws Exception {
    deployments.create(Manifests.deployment(NS, "steady", 2, V1));
    awaitConverged("steady", 2);
    awaitConverged("web", 3);
    Set<String> before = new HashSet<>(runningContainersOf("steady"));
    before.addAll(runningContainersOf("web"));
    assertThat(before).hasSize(5);

    cluster.stopApiServer();
    try {
      // The very same containers keep running: none stopped, none restarted (a restart is a new container).
      await("containers keep running while the API server is down").during(Duration.ofSeconds(30))
          .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
          .until(() -> Docker.runningAppContainers(cluster.nodeNames()).containsAll(before));
    } finally {
      cluster.startApiServer();
    }

    await().atMost(CONVERGE).ignoreExceptionsInstanceOf(ApiException.class).until(() -> podsOf("steady").size() == 2);
    scale("steady", 3);
    awaitConverged("steady", 3);
    assertThat(Docker.runningAppContainers(cluster.nodeNames())).containsAll(before);
    for (Pod p : readyPodsOf("steady")) {
      assertThat(appStatus(p.getMetadata().getName()).getRestartCount()).isZero();
    }
  }

  @Test
  @Order(11)
  void restartedKubeletAdoptsItsContainersWithoutDuplicates() throws Exception {
    List<String> nodes = cluster.nodeNames();
    Set<String> before = new HashSet<>(Docker.runningAppContainers(nodes));
    assertThat(before).hasSize(6); // web 3 + steady 3
    cluster.restartKubelet(0);
    await("kubelet back and nothing duplicated").during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> new HashSet<>(Docker.runningAppContainers(nodes)).equals(before));
    awaitConverged("steady", 3);
    awaitConverged("web", 3);
  }

  @Test
  @Order(12)
  void deletingTheDeploymentLeavesNoContainers() {
    List<String> webPods = podsOf("web").stream().map(p -> p.getMetadata().getUid()).toList();
    deployments.delete(NS, "web");
    deployments.delete(NS, "steady");
    await("no pods and no containers left").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .untilAsserted(() -> {
          assertThat(podsOf("web")).extracting(ClusterIT::describe).isEmpty();
          assertThat(podsOf("steady")).extracting(ClusterIT::describe).isEmpty();
          assertThat(Docker.runningAppContainers(cluster.nodeNames())).isEmpty();
        });
    for (String uid : webPods) {
      assertThat(Docker.containersOfPod(uid, "app", false)).isEmpty();
    }
  }

  @Test
  @Order(13)
  void deletingANamespaceDeletesItsWorkloadsAndThenTheNamespace() {
    var namespaces = client.resource(io.kava.api.core.v1.Namespace.class);
    namespaces.create(io.kava.api.core.v1.Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setName("scratch")).build());
    deployments.create(Manifests.deployment("scratch", "temp", 2, V1));
    await("scratch workload running").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> pods.list(ListOptions.inNamespace("scratch")).items().stream().filter(ClusterIT::isRunningAndReady).count() == 2);
    List<String> uids = pods.list(ListOptions.inNamespace("scratch")).items().stream().map(p -> p.getMetadata().getUid()).toList();

    namespaces.delete("", "scratch");
    await("namespace scratch gone").atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
      try {
        namespaces.get("", "scratch");
        return false;
      } catch (ApiException e) {
        return e.isNotFound();
      }
    });
    for (String uid : uids) {
      assertThat(Docker.containersOfPod(uid, "app", false)).isEmpty();
    }
  }

  // ------------------------------------------------------------------ secure by default (issue 12)

  @Test
  @Order(14)
  void aPlaintextConnectionAndAnAnonymousOneAreRefused() {
    try (KavaClient plaintext = KavaClient.connect(cluster.apiServer())) {
      assertRefused(plaintext, io.grpc.Status.Code.UNAVAILABLE);
    }
    var admin = cluster.adminConfig();
    try (KavaClient anonymous = KavaClient.connect(
        new io.kava.client.config.ClientConfig(admin.server(), true, admin.certificateAuthorities(), null, null))) {
      assertRefused(anonymous, io.grpc.Status.Code.UNAUTHENTICATED).hasMessageContaining("anonymous requests are refused");
    }
  }

  @Test
  @Order(15)
  void aUserBoundToViewListsPodsButGetsNoSecretAndNoExec() {
    new Workloads(client).create("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: hunter2
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: jane-views
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
        - apiGroup: rbac.authorization.k8s.io
          kind: User
          name: jane
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: shell
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: shell
            image: kava/busybox:latest
            command: [sleep, "3600"]
        """);
    var jane = io.kava.client.config.KubeConfigLoader.load(cluster.kubeconfigAs("jane", "team"));
    try (KavactlRun kavactl = KavactlRun.capturing(jane)) {
      assertThat(kavactl.run("get", "pods")).as(kavactl.err()).isZero();
    }
    try (KavactlRun kavactl = KavactlRun.capturing(jane)) {
      assertThat(kavactl.run("get", "secret", "db")).isEqualTo(1);
      assertThat(kavactl.err()).contains("secrets \"db\" is forbidden: User \"jane\" cannot get resource \"secrets\"")
          .doesNotContain("hunter2");
    }
    try (KavactlRun kavactl = KavactlRun.capturing(jane)) {
      // kavactl reads the pod first (view may), then the exec itself is refused before it reaches the kubelet.
      assertThat(kavactl.run("exec", "shell", "--", "true")).isEqualTo(1);
      assertThat(kavactl.err()).contains("User \"jane\" cannot create resource \"pods/exec\"");
    }
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ?> assertRefused(KavaClient connection, io.grpc.Status.Code code) {
    KavaClient c = connection.withDeadline(Duration.ofSeconds(10));
    return org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.resource(Pod.class).list(ListOptions.inNamespace(NS)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
