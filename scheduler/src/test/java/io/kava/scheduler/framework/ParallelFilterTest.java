package io.kava.scheduler.framework;

import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.cordoned;
import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.ownedBy;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.tainted;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.Pod;
import io.kava.scheduler.plugins.DefaultPlugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parallel filter and score give the serial loop's answers, cycle after cycle. */
class ParallelFilterTest {
  private static final List<String> ZONES = List.of("a", "b", "c", "d");

  @Test
  void parallelSchedulingChoosesWhatSerialSchedulingChooses() {
    assertThat(run(4)).isEqualTo(run(1));
  }

  @Test
  void anUnschedulablePodGetsTheSameMessageInParallel() {
    Pod nowhere = pod("p").toBuilder().setSpec(pod("p").getSpec().toBuilder().putNodeSelector("zone", "z")).build();
    try (SchedulingFramework serial = DefaultPlugins.framework(new Random(1), 0, 1);
        SchedulingFramework parallel = DefaultPlugins.framework(new Random(1), 0, 4)) {
      List<NodeInfo> nodes = cluster(500);

      ScheduleResult expected = serial.schedule(nowhere, nodes);

      assertThat(parallel.schedule(nowhere, nodes)).isEqualTo(expected);
      assertThat(((ScheduleResult.Unschedulable) expected).error().message())
          .startsWith("0/500 nodes are available: ");
    }
  }

  /**
   * 60 pods of one ReplicaSet (requests, a zone affinity, the next placement seeing the last) on 600
   * nodes, some cordoned, tainted or small: every cycle's result, in order.
   */
  private static List<ScheduleResult> run(int parallelism) {
    List<ScheduleResult> results = new ArrayList<>();
    List<NodeInfo> nodes = cluster(600);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).name(), i);
    }
    try (SchedulingFramework framework = DefaultPlugins.framework(new Random(7), 0, parallelism)) {
      for (int i = 0; i < 60; i++) {
        Pod pod = zoned(ownedBy(pod("p-" + i, "500m", "1Gi"), "rs"));
        ScheduleResult result = framework.schedule(pod, nodes);
        results.add(result);
        if (result instanceof ScheduleResult.Assigned a) {
          NodeInfo chosen = nodes.get(index.get(a.nodeName()));
          List<Pod> pods = new ArrayList<>(chosen.pods());
          pods.add(boundTo(pod, a.nodeName()));
          nodes.set(index.get(a.nodeName()), NodeInfo.of(chosen.node(), pods));
        }
      }
    }
    return results;
  }

  private static List<NodeInfo> cluster(int size) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Node node = labeled(node(String.format("n-%04d", i), i % 7 == 0 ? "1" : "4", "8Gi", 110), "zone", ZONES.get(i % 4));
      if (i % 11 == 0) {
        node = cordoned(node);
      } else if (i % 13 == 0) {
        node = tainted(node, "dedicated", "gpu", "NoSchedule");
      }
      nodes.add(NodeInfo.of(node, List.of()));
    }
    return nodes;
  }

  /** Required: zone a, b or c. */
  private static Pod zoned(Pod pod) {
    NodeSelectorTerm term = NodeSelectorTerm.newBuilder().addMatchExpressions(NodeSelectorRequirement.newBuilder()
        .setKey("zone").setOperator("In").addAllValues(ZONES.subList(0, 3))).build();
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setAffinity(Affinity.newBuilder().setNodeAffinity(
        NodeAffinity.newBuilder().setRequiredDuringSchedulingIgnoredDuringExecution(
            NodeSelector.newBuilder().addNodeSelectorTerms(term))))).build();
  }
}
