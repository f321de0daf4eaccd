package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API servers; every component and client lists both and uses the first. Killing that one (SIGKILL)
 * is noticed by nobody beyond a retry: kavactl answers, the kubelets keep renewing their node Leases and
 * their nodes stay Ready, and 100 informers' watch streams resume on the other server from the last
 * revision they saw, so each sees every change exactly once and in order, across a restart of each
 * server in turn.
 */
class ApiServerFailoverIT {
  private static final String NS = "failover";

  private static TestCluster cluster;
  private static KavaClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().highlyAvailable().start();
    client = cluster.client();
    client.resource(Namespace.class).create(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(NS)).build());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs kavactl (its own JVM) with the admin kubeconfig, which names both servers; returns exit code and output. */
  private static String kavactl(String... args) throws Exception {
    Path jar = Path.of(System.getProperty("user.dir")).getParent().resolve("kubectl/target/kava-kubectl.jar");
    List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("KAVA_API_SERVER");
    pb.environment().put("KUBECONFIG", cluster.kubeconfig("admin").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kavactl " + String.join(" ", args) + ":\n" + out).isZero();
    return out;
  }

  private static boolean ready(Node node) {
    return node.getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  @Test
  void killingTheApiServerInUseIsNoticedByNobodyBeyondARetry() throws Exception {
    ResourceClient<Lease> leases = client.resource(Lease.class);
    String node = cluster.nodeNames().get(0);
    cluster.apiServerProcess(0).kill();
    Instant killedAt = Instant.now();
    try {
      assertThat(kavactl("get", "nodes")).contains(node);
      // The kubelet renews its Lease every 10 s (upstream's renewInterval): a renewal after the kill
      // went through the second server.
      await("node lease renewed after the kill").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(ApiException.class)
          .until(() -> Times.parse(leases.get("kube-node-lease", node).getSpec().getRenewTime()).isAfter(killedAt));
      for (Node n : client.resource(Node.class).list(ListOptions.all()).items()) {
        if (cluster.nodeNames().contains(n.getMetadata().getName())) {
          assertThat(ready(n)).as(n.getMetadata().getName() + " Ready").isTrue();
        }
      }
    } finally {
      cluster.startApiServer(0);
    }
  }

  /** Records what one informer delivers: "name@resourceVersion" per add, "UPDATE"/"DELETE" marks otherwise. */
  private static final String WATCHED = "watch-test=written";

  private static final class Recorder implements ResourceEventHandler<ConfigMap> {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap object) {
      seen.add(object.getMetadata().getName() + "@" + object.getMetadata().getResourceVersion());
    }

    @Override
    public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
      seen.add("UPDATE " + newObject.getMetadata().getName());
    }

    @Override
    public void onDelete(ConfigMap object) {
      seen.add("DELETE " + object.getMetadata().getName());
    }
  }

  /** Creates the next ConfigMap, retrying a failed attempt; a create that landed before failing counts once. */
  private static String create(ResourceClient<ConfigMap> configMaps, int i) {
    String name = String.format("w-%04d", i);
    ConfigMap cm = ConfigMap.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName(name)
        .putLabels("watch-test", "written")).build();
    for (int attempt = 0; ; attempt++) {
      try {
        return name + "@" + configMaps.create(cm).getMetadata().getResourceVersion();
      } catch (ApiException e) {
        if (e.isAlreadyExists()) {
          return name + "@" + configMaps.get(NS, name).getMetadata().getResourceVersion();
        }
        if (attempt > 50) {
          throw e;
        }
        sleepQuietly(100);
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void hundredWatchStreamsSeeEveryEventExactlyOnceInOrderAcrossApiServerRestarts() throws Exception {
    List<KavaClient> clients = new ArrayList<>();
    List<SharedInformer<ConfigMap>> informers = new ArrayList<>();
    List<Recorder> recorders = new ArrayList<>();
    List<String> written = new ArrayList<>();
    ResourceClient<ConfigMap> configMaps = client.resource(ConfigMap.class);
    try {
      for (int c = 0; c < 10; c++) {
        clients.add(cluster.adminClient());
      }
      for (int i = 0; i < 100; i++) {
        // Only the test's own ConfigMaps: the root-CA publisher adds kube-root-ca.crt to every namespace.
        SharedInformer<ConfigMap> informer = new SharedInformer<>(clients.get(i % 10).resource(ConfigMap.class),
            ListOptions.inNamespace(NS).withLabelSelector(WATCHED));
        Recorder recorder = new Recorder();
        informer.addEventHandler(recorder);
        informers.add(informer);
        recorders.add(recorder);
        informer.start();
      }
      for (SharedInformer<ConfigMap> informer : informers) {
        assertThat(informer.waitForSync(Duration.ofSeconds(60))).isTrue();
      }
      int n = 0;
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 20; i++) {
          written.add(create(configMaps, n++));
        }
        awaitEverySeen(recorders, written);
        // Everyone uses server `round`'s connection... kill it while writes go on.
        cluster.apiServerProcess(round).kill();
        for (int i = 0; i < 30; i++) {
          written.add(create(configMaps, n++));
        }
        cluster.startApiServer(round);
        awaitAnswers(cluster.apiServer(round));
        for (int i = 0; i < 20; i++) {
          written.add(create(configMaps, n++));
        }
        awaitEverySeen(recorders, written);
      }
      for (Recorder r : recorders) {
        assertThat(r.seen).containsExactlyElementsOf(written);
      }
    } finally {
      informers.forEach(SharedInformer::close);
      clients.forEach(KavaClient::close);
    }
  }

  private static void awaitEverySeen(List<Recorder> recorders, List<String> written) {
    await("every informer saw " + written.size() + " creates").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> recorders.stream().allMatch(r -> r.seen.size() >= written.size()));
  }

  /** Until the restarted server serves ConfigMaps itself (its watch cache is ready). */
  private static void awaitAnswers(String server) {
    try (KavaClient only = KavaClient.connect(cluster.adminConfig().withServer(server))) {
      await("restarted API server answers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
          .ignoreExceptionsInstanceOf(ApiException.class)
          .until(() -> only.resource(ConfigMap.class).list(ListOptions.inNamespace(NS)) != null);
    }
  }
}
