package io.kava.controllermanager.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.meta.v1.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases of upstream's replica_calculator_test.go (same pods, levels and expectations where they carry over). */
class ReplicaCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(15);
  private final ReplicaCalculator calculator =
      new ReplicaCalculator(0.1, Duration.ofMinutes(5), Duration.ofSeconds(30));

  @Test
  void scaleUp() throws Exception {
    List<Pod> pods = pods(3);
    var r = calculator.utilizationReplicas(3, 30, "cpu", pods, metrics(pods, 300, 500, 700), NOW);
    assertThat(r.replicas()).isEqualTo(5);
    assertThat(r.utilization()).isEqualTo(50);
    assertThat(r.rawAverageMilli()).isEqualTo(500);
  }

  @Test
  void scaleUpCountsUnreadyPodsAsIdleSoTheStepIsSmaller() throws Exception {
    List<Pod> pods = new ArrayList<>(pods(3));
    pods.set(0, notReadyYet(pods.get(0)));
    var r = calculator.utilizationReplicas(3, 30, "cpu", pods, metrics(pods, 300, 500, 700), NOW);
    // ready pods alone: 60 % of request, 2x the target; counting the unready one as idle: 40 %
    assertThat(r.utilization()).isEqualTo(60);
    assertThat(r.replicas()).isEqualTo(4);
  }

  @Test
  void scaleUpIgnoresFailedPods() throws Exception {
    List<Pod> pods = new ArrayList<>(pods(4));
    pods.set(2, phase(pods.get(2), "Failed"));
    pods.set(3, phase(pods.get(3), "Failed"));
    var r = calculator.utilizationReplicas(2, 30, "cpu", pods, metrics(pods, 500, 700, 100, 100), NOW);
    assertThat(r.utilization()).isEqualTo(60);
    assertThat(r.replicas()).isEqualTo(4);
  }

  @Test
  void scaleUpIgnoresDeletedPods() throws Exception {
    List<Pod> pods = new ArrayList<>(pods(4));
    pods.set(3, pods.get(3).toBuilder().setMetadata(pods.get(3).getMetadata().toBuilder()
        .setDeletionTimestamp("2026-12-01T11:59:00Z")).build());
    var r = calculator.utilizationReplicas(3, 30, "cpu", pods, metrics(pods, 500, 700, 600, 100), NOW);
    assertThat(r.utilization()).isEqualTo(60);
    assertThat(r.replicas()).isEqualTo(6);
  }

  @Test
  void scaleDown() throws Exception {
    List<Pod> pods = pods(5);
    var r = calculator.utilizationReplicas(5, 50, "cpu", pods, metrics(pods, 100, 300, 500, 250, 250), NOW);
    assertThat(r.utilization()).isEqualTo(28);
    assertThat(r.replicas()).isEqualTo(3);
  }

  @Test
  void scaleDownLeavesOutPodsThatAreNotReadyYet() throws Exception {
    List<Pod> pods = new ArrayList<>(pods(5));
    pods.set(3, notReadyYet(pods.get(3)));
    pods.set(4, notReadyYet(pods.get(4)));
    var r = calculator.utilizationReplicas(5, 50, "cpu", pods, metrics(pods, 100, 300, 500, 250, 250), NOW);
    assertThat(r.utilization()).isEqualTo(30);
    assertThat(r.replicas()).isEqualTo(2);
  }

  @Test
  void withinToleranceNothingChanges() throws Exception {
    List<Pod> pods = List.of(pod("p0", "900m"), pod("p1", "1"), pod("p2", "1100m"));
    var r = calculator.utilizationReplicas(3, 100, "cpu", pods, metrics(pods, 1010, 1030, 1020), NOW);
    assertThat(r.utilization()).isEqualTo(102);
    assertThat(r.replicas()).isEqualTo(3);
  }

  @Test
  void missingMetricsAtTheTargetChangeNothing() throws Exception {
    List<Pod> pods = pods(2);
    var r = calculator.utilizationReplicas(2, 100, "cpu", pods, metrics(pods.subList(0, 1), 1000), NOW);
    assertThat(r.replicas()).isEqualTo(2);
  }

  @Test
  void aPodWithoutMetricsCountsAsIdleOnAScaleUpWhichCanCancelIt() throws Exception {
    List<Pod> pods = pods(2);
    // 190 % measured, (1900 + 0) / 2000 = 95 % assumed: within the tolerance, so no change
    var r = calculator.utilizationReplicas(2, 100, "cpu", pods, metrics(pods.subList(0, 1), 1900), NOW);
    assertThat(r.utilization()).isEqualTo(190);
    assertThat(r.replicas()).isEqualTo(2);
  }

  @Test
  void missingMetricsScaleUpCountedAsIdle() throws Exception {
    List<Pod> pods = pods(3);
    var r = calculator.utilizationReplicas(3, 50, "cpu", pods, metrics(pods.subList(0, 2), 2000, 2000), NOW);
    // (2000 + 2000 + 0) / 3000 = 133 %, 2.67x the target, over the 3 pods counted
    assertThat(r.replicas()).isEqualTo(8);
  }

  @Test
  void missingMetricsScaleDownCountedAsFullRequest() throws Exception {
    List<Pod> pods = pods(4);
    var r = calculator.utilizationReplicas(4, 50, "cpu", pods, metrics(pods.subList(0, 3), 100, 100, 100), NOW);
    // (300 + 1000) / 4000 = 32 %: 0.64 of the target over 4 pods
    assertThat(r.utilization()).isEqualTo(10);
    assertThat(r.replicas()).isEqualTo(3);
  }

  @Test
  void aScaleDownThatTheMissingPodsWouldTurnAroundIsNotMade() throws Exception {
    List<Pod> pods = pods(3);
    // measured 80 % of a 90 % target; the missing pod at 100 % of its request makes it 86 %: within the tolerance
    var r = calculator.utilizationReplicas(3, 90, "cpu", pods, metrics(pods.subList(0, 2), 800, 800), NOW);
    assertThat(r.replicas()).isEqualTo(3);
  }

  @Test
  void memoryIgnoresReadiness() throws Exception {
    List<Pod> pods = new ArrayList<>(pods(2));
    pods.set(0, notReadyYet(memoryPod(pods.get(0))));
    pods.set(1, memoryPod(pods.get(1)));
    Map<String, PodMetric> m = Map.of("p0", metric(256L * 1024 * 1024 * 1000), "p1", metric(256L * 1024 * 1024 * 1000));
    var r = calculator.utilizationReplicas(2, 25, "memory", pods, m, NOW);
    assertThat(r.utilization()).isEqualTo(50);
    assertThat(r.replicas()).isEqualTo(4);
  }

  @Test
  void averageValueTarget() throws Exception {
    List<Pod> pods = pods(3);
    assertThat(calculator.averageValueReplicas(3, 500, "cpu", pods, metrics(pods, 300, 500, 700), NOW).replicas())
        .isEqualTo(3);
    var r = calculator.averageValueReplicas(3, 250, "cpu", pods, metrics(pods, 300, 500, 700), NOW);
    assertThat(r.rawAverageMilli()).isEqualTo(500);
    assertThat(r.replicas()).isEqualTo(6);
  }

  @Test
  void noPodsIsAnError() {
    assertThatThrownBy(() -> calculator.utilizationReplicas(1, 50, "cpu", List.of(), Map.of(), NOW))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessage("no pods returned by selector while calculating replica count");
  }

  @Test
  void onlyUnreadyPodsIsAnError() {
    List<Pod> pods = List.of(notReadyYet(pods(1).get(0)));
    assertThatThrownBy(() -> calculator.utilizationReplicas(1, 50, "cpu", pods, metrics(pods, 500), NOW))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessage("did not receive metrics for targeted pods (pods might be unready)");
  }

  @Test
  void aContainerWithoutRequestIsAnError() {
    List<Pod> pods = List.of(pod("p0", null));
    assertThatThrownBy(() -> calculator.utilizationReplicas(1, 50, "cpu", pods, metrics(pods, 500), NOW))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessage("missing request for cpu in container app of Pod p0");
  }

  @Test
  void aSampleTakenBeforeAWholeWindowSinceReadinessIsLeftOut() throws Exception {
    Instant started = NOW.minusSeconds(60);
    Pod justReady = withReadiness(pod("p0", "1"), started, "True", NOW.minusSeconds(5));
    Pod settled = withReadiness(pod("p1", "1"), started, "True", NOW.minusSeconds(40));
    Map<String, PodMetric> m = Map.of("p0", metric(1000), "p1", metric(100));
    // p0's window began before it was ready (the usual start-up burst): only p1 counts, and it is below target
    var r = calculator.utilizationReplicas(2, 50, "cpu", List.of(justReady, settled), m, NOW);
    assertThat(r.utilization()).isEqualTo(10);
  }

  private static List<Pod> pods(int n) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pods.add(pod("p" + i, "1"));
    }
    return pods;
  }

  /** A running pod, ready since long before the cpu initialization period, requesting the given cpu. */
  static Pod pod(String name, String cpuRequest) {
    ResourceRequirements.Builder resources = ResourceRequirements.newBuilder();
    if (cpuRequest != null) {
      resources.putRequests("cpu", cpuRequest);
    }
    Instant start = NOW.minus(Duration.ofMinutes(10));
    return withReadiness(Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name).setNamespace("default"))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setResources(resources)))
        .build(), start, "True", start.plusSeconds(5));
  }

  static Pod withReadiness(Pod pod, Instant start, String ready, Instant transition) {
    return pod.toBuilder().setStatus(PodStatus.newBuilder().setPhase("Running").setStartTime(start.toString())
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus(ready)
            .setLastTransitionTime(transition.toString()))).build();
  }

  /** Started a minute ago and not ready: within the cpu initialization period. */
  private static Pod notReadyYet(Pod pod) {
    return withReadiness(pod, NOW.minusSeconds(60), "False", NOW.minusSeconds(60));
  }

  private static Pod phase(Pod pod, String phase) {
    return pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase(phase)).build();
  }

  private static Pod memoryPod(Pod pod) {
    Container c = pod.getSpec().getContainers(0);
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setContainers(0, c.toBuilder()
        .setResources(ResourceRequirements.newBuilder().putRequests("memory", "512Mi")))).build();
  }

  private static PodMetric metric(long milli) {
    return new PodMetric(milli, NOW, WINDOW);
  }

  private static Map<String, PodMetric> metrics(List<Pod> pods, long... milli) {
    Map<String, PodMetric> m = new HashMap<>();
    for (int i = 0; i < milli.length; i++) {
      m.put(pods.get(i).getMetadata().getName(), metric(milli[i]));
    }
    return m;
  }
}
