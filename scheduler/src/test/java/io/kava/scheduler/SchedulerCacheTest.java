package io.kava.scheduler;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.withPhase;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.informer.SharedInformer;
import io.kava.client.testing.FakeApi;
import io.kava.scheduler.framework.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final SharedInformer<Pod> podInformer = new SharedInformer<>(client.resource(Pod.class), ListOptions.all());
  private final SharedInformer<Node> nodeInformer = new SharedInformer<>(client.resource(Node.class), ListOptions.all());
  private final SchedulerCache cache = new SchedulerCache(nodeInformer, podInformer);

  @AfterEach
  void tearDown() {
    podInformer.close();
    nodeInformer.close();
    client.close();
    api.close();
  }

  @Test
  void countsBoundPodsThatHaveNotTerminatedOnTheirNodes() throws InterruptedException {
    api.seed(node("b"));
    api.seed(node("a"));
    api.seed(boundTo(pod("running", "1", "1Gi"), "a"));
    api.seed(withPhase(boundTo(pod("succeeded", "1", "1Gi"), "a"), "Succeeded"));
    api.seed(withPhase(boundTo(pod("failed", "1", "1Gi"), "b"), "Failed"));
    api.seed(boundTo(pod("orphan"), "gone-node"));
    api.seed(pod("pending"));
    sync();

    List<NodeInfo> snapshot = cache.snapshot();

    assertThat(snapshot).extracting(NodeInfo::name).containsExactly("a", "b");
    assertThat(podNames(snapshot)).isEqualTo(Map.of("a", List.of("running"), "b", List.of()));
    assertThat(snapshot.get(0).requested().milliCpu()).isEqualTo(1000);
  }

  @Test
  void anAssumedPodCountsAtOnceAndOnlyOnceWhenTheWatchShowsItBound() throws InterruptedException {
    api.seed(node("a"));
    Pod pending = api.seed(pod("p", "500m", "64Mi"));
    sync();

    cache.assume(pending, "a");
    assertThat(podNames(cache.snapshot())).isEqualTo(Map.of("a", List.of("p")));

    api.seed(boundTo(pending, "a"));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> podInformer.lister().get("default/p").map(Pods::isAssigned).orElse(false));
    assertThat(podNames(cache.snapshot())).isEqualTo(Map.of("a", List.of("p")));
    assertThat(cache.snapshot().get(0).requested().milliCpu()).isEqualTo(500);

    cache.forget("default/p");
    assertThat(podNames(cache.snapshot())).isEqualTo(Map.of("a", List.of("p")));
  }

  @Test
  void aForgottenAssumptionNoLongerCounts() throws InterruptedException {
    api.seed(node("a"));
    Pod pending = api.seed(pod("p"));
    sync();
    cache.assume(pending, "a");

    cache.forget("default/p");

    assertThat(podNames(cache.snapshot())).isEqualTo(Map.of("a", List.of()));
  }

  private void sync() throws InterruptedException {
    podInformer.start();
    nodeInformer.start();
    assertThat(podInformer.waitForSync(Duration.ofSeconds(5))).isTrue();
    assertThat(nodeInformer.waitForSync(Duration.ofSeconds(5))).isTrue();
  }

  private static Map<String, List<String>> podNames(List<NodeInfo> snapshot) {
    return snapshot.stream().collect(Collectors.toMap(NodeInfo::name,
        n -> n.pods().stream().map(p -> p.getMetadata().getName()).sorted().toList()));
  }
}
