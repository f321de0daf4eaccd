package io.kava.controllermanager.util;

import static io.kava.controllermanager.testing.Workloads.createdAt;
import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.onNode;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.withRestarts;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivePodsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static Pod named(String name) {
    return createdAt(pod(name, Map.of()), NOW.minusSeconds(3600));
  }

  @Test
  void ordersPodsTheWayUpstreamPrefersToDeleteThem() {
    List<Pod> expected = List.of(
        named("unassigned"),
        inPhase(onNode(named("pending"), "n"), "Pending"),
        inPhase(onNode(named("unknown"), "n"), "Unknown"),
        inPhase(onNode(named("running-not-ready"), "n"), "Running"),
        readySince(named("ready-10s"), NOW.minusSeconds(10)),
        withRestarts(readySince(named("ready-100s-restarted"), NOW.minusSeconds(100)), 4),
        withRestarts(readySince(createdAt(named("ready-100s-new"), NOW.minusSeconds(200)), NOW.minusSeconds(100)), 1),
        withRestarts(readySince(createdAt(named("ready-100s-old"), NOW.minusSeconds(900)), NOW.minusSeconds(100)), 1));
    for (long seed = 0; seed < 20; seed++) {
      List<Pod> shuffled = new ArrayList<>(expected);
      Collections.shuffle(shuffled, new Random(seed));
      shuffled.sort(ActivePods.DELETION_ORDER);
      assertThat(shuffled).extracting(p -> p.getMetadata().getName())
          .containsExactlyElementsOf(expected.stream().map(p -> p.getMetadata().getName()).toList());
    }
  }

  @Test
  void podWithoutCreationTimestampGoesBeforeOnesWithIt() {
    Pod unknownAge = pod("no-time", Map.of()).toBuilder()
        .setMetadata(pod("no-time", Map.of()).getMetadata().toBuilder().setCreationTimestamp("")).build();
    List<Pod> pods = new ArrayList<>(List.of(named("old"), unknownAge));
    pods.sort(ActivePods.DELETION_ORDER);
    assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("no-time", "old");
  }
}
