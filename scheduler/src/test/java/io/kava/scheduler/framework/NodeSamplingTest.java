package io.kava.scheduler.framework;

import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.scheduler.plugins.DefaultPlugins;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSamplingTest {
  @Test
  void feasibleNodesToFindFollowUpstreamsAdaptiveShare() {
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 99)).isEqualTo(99);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 100)).isEqualTo(100);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 1000)).isEqualTo(420);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 5000)).isEqualTo(500);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 10000)).isEqualTo(500);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(10, 500)).isEqualTo(100);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(100, 1000)).isEqualTo(1000);
  }

  /** The cases of upstream's TestNumFeasibleNodesToFind (schedule_one_test.go). */
  @Test
  void feasibleNodesToFindMatchUpstreamsTestCases() {
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 10)).isEqualTo(10);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(40, 10)).isEqualTo(10);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 1000)).isEqualTo(420);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(40, 1000)).isEqualTo(400);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(0, 6000)).isEqualTo(300);
    assertThat(SchedulingFramework.numFeasibleNodesToFind(40, 6000)).isEqualTo(2400);
  }

  @Test
  void aLargeClusterIsSearchedInTurnsThatCoverEveryNode() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      nodes.add(info(node(String.format("n-%03d", i), "4", "8Gi", 110)));
    }
    SchedulingFramework framework = DefaultPlugins.framework(new Random(1), 40);
    Set<String> chosen = new HashSet<>();
    for (int cycle = 0; cycle < 3; cycle++) {
      ScheduleResult.Assigned assigned = (ScheduleResult.Assigned) framework.schedule(pod("p", "100m", "64Mi"), nodes);
      assertThat(assigned.feasibleNodes()).isEqualTo(120);
      chosen.add(assigned.nodeName().substring(0, 3) + (Integer.parseInt(assigned.nodeName().substring(2)) / 120));
    }
    assertThat(chosen).hasSize(3);
  }

  @Test
  void anUnschedulablePodIsCheckedAgainstEveryNode() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      nodes.add(info(i == 150 ? labeled(node("n-" + i), "disk", "ssd") : node("n-" + i)));
    }
    Pod pod = pod("p").toBuilder().setSpec(pod("p").getSpec().toBuilder().putNodeSelector("disk", "hdd")).build();
    SchedulingFramework framework = DefaultPlugins.framework(new Random(1), 10);

    ScheduleResult result = framework.schedule(pod, nodes);

    assertThat(((ScheduleResult.Unschedulable) result).error().message())
        .isEqualTo("0/200 nodes are available: 200 node(s) didn't match Pod's node affinity/selector.");
  }
}
