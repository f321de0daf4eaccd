package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cordon, drain and disruption budgets for real: a 3-replica Deployment spread over two nodes with a
 * PodDisruptionBudget of minAvailable 2. `kavactl drain` of the node holding most of its pods evicts
 * them one at a time (the budget refuses the second eviction until a replacement is ready elsewhere),
 * and sampling every 200 ms never sees fewer than 2 available pods. The node ends cordoned and empty;
 * `kavactl uncordon` makes it schedulable again.
 */
class DrainIT {
  private static final String NS = "default";
  private static final String APP = "drain-web";
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);

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

  /** What one kavactl run printed (stdout and stderr in order) and its exit code. */
  private record Run(int exitCode, String output) {}

  private static Run kavactl(Duration timeout, String... args) throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    Path jar = repo.resolve("kubectl/target/kava-kubectl.jar");
    Path out = Files.createTempFile("kavactl-", ".out");
    List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
        "--kubeconfig", cluster.kubeconfig("admin").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("kavactl " + String.join(" ", args) + " did not end within " + timeout + ":\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static List<Pod> livePods() {
    return workloads.pods(NS, "app=" + APP).stream().filter(p -> p.getMetadata().getDeletionTimestamp().isEmpty())
        .toList();
  }

  @Test
  void drainHonoursTheBudgetAndLeavesTheNodeCordonedAndEmpty() throws Exception {
    workloads.create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: drain-web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: drain-web
          template:
            metadata:
              labels:
                app: drain-web
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: web
                image: nginx:1.14.2
                ports:
                - containerPort: 80
                readinessProbe:
                  httpGet:
                    path: /hostname
                    port: 80
                  periodSeconds: 1
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: drain-web
        spec:
          minAvailable: 2
          selector:
            matchLabels:
              app: drain-web
        """);
    List<Pod> ready = workloads.awaitReadyPods(NS, "app=" + APP, 3);
    await("the disruption controller allows one disruption").atMost(Workloads.CONVERGE)
        .pollInterval(Duration.ofMillis(300)).ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> {
          var s = client.resource(PodDisruptionBudget.class).get(NS, APP).getStatus();
          return s.getDisruptionsAllowed() == 1 && s.getCurrentHealthy() == 3 && s.getDesiredHealthy() == 2
              && s.getExpectedPods() == 3;
        });

    Map<String, List<String>> byNode = ready.stream().collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(),
        Collectors.mapping(p -> p.getMetadata().getName(), Collectors.toList())));
    String node = byNode.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
    List<String> onNode = byNode.get(node);
    assertThat(onNode).as("the scheduler spreads 3 pods over 2 nodes: one holds at least 2").hasSizeGreaterThanOrEqualTo(2);

    List<Integer> samples = new CopyOnWriteArrayList<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        try {
          samples.add(workloads.readyPods(NS, "app=" + APP).size());
        } catch (ApiException e) {
          // a failed read is no sample
        }
        try {
          Thread.sleep(SAMPLE_EVERY.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "available-pods-sampler");
    sampler.start();
    Run drain;
    try {
      drain = kavactl(Duration.ofSeconds(100), "drain", node, "--timeout=90s");
    } finally {
      sampling.set(false);
      sampler.join();
    }

    System.out.println("kavactl drain " + node + " printed:\n" + drain.output());
    System.out.println("Available pods sampled every 200 ms during the drain: " + samples);
    assertThat(drain.exitCode()).as(drain.output()).isZero();
    assertThat(drain.output()).as(drain.output()).startsWith("node/" + node + " cordoned\n")
        .endsWith("node/" + node + " drained\n")
        .contains("error when evicting pods/\"", "\" -n \"default\" (will retry after 5s): Cannot evict pod as it would "
            + "violate the pod's disruption budget.");
    for (String pod : onNode) {
      assertThat(drain.output()).contains("evicting pod default/" + pod + "\n", "pod/" + pod + " evicted\n");
    }
    assertThat(samples).as("available pods sampled every 200 ms during the drain").hasSizeGreaterThan(5);
    assertThat(samples.stream().mapToInt(Integer::intValue).min().orElseThrow())
        .as("fewest available pods seen during the drain, samples %s", samples).isGreaterThanOrEqualTo(2);

    assertThat(livePods()).as("no pod of the Deployment is left on the drained node")
        .noneMatch(p -> p.getSpec().getNodeName().equals(node));
    assertThat(client.resource(Node.class).get("", node).getSpec().getUnschedulable()).isTrue();
    workloads.awaitReadyPods(NS, "app=" + APP, 3);
    assertThat(livePods()).noneMatch(p -> p.getSpec().getNodeName().equals(node));

    Run uncordon = kavactl(Duration.ofSeconds(60), "uncordon", node);
    assertThat(uncordon.exitCode()).as(uncordon.output()).isZero();
    assertThat(uncordon.output()).isEqualTo("node/" + node + " uncordoned\n");
    assertThat(client.resource(Node.class).get("", node).getSpec().getUnschedulable()).isFalse();
  }
}
