package io.kava.controllermanager.util;

import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static io.kava.controllermanager.testing.Workloads.withRestarts;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void activeExcludesFinishedAndTerminatingPods() {
    assertThat(Pods.isActive(pod("p", Map.of()))).isTrue();
    assertThat(Pods.isActive(inPhase(pod("p", Map.of()), "Running"))).isTrue();
    assertThat(Pods.isActive(inPhase(pod("p", Map.of()), "Succeeded"))).isFalse();
    assertThat(Pods.isActive(inPhase(pod("p", Map.of()), "Failed"))).isFalse();
    assertThat(Pods.isActive(terminating(pod("p", Map.of())))).isFalse();
  }

  @Test
  void availableMeansReadyForLongerThanMinReadySeconds() {
    Pod ready = readySince(pod("p", Map.of()), NOW.minusSeconds(10));
    assertThat(Pods.isReady(ready)).isTrue();
    assertThat(Pods.isAvailable(ready, 0, NOW)).isTrue();
    assertThat(Pods.isAvailable(ready, 9, NOW)).isTrue();
    assertThat(Pods.isAvailable(ready, 10, NOW)).isFalse();
    assertThat(Pods.isAvailable(pod("p", Map.of()), 0, NOW)).isFalse();
  }

  @Test
  void maxContainerRestartsTakesTheWorstContainer() {
    assertThat(Pods.maxContainerRestarts(withRestarts(withRestarts(pod("p", Map.of()), 2), 5))).isEqualTo(5);
    assertThat(Pods.maxContainerRestarts(pod("p", Map.of()))).isZero();
  }
}
