package io.kava.scheduler.framework;

import static io.kava.scheduler.PlacementObjects.constraint;
import static io.kava.scheduler.PlacementObjects.labeled;
import static io.kava.scheduler.PlacementObjects.requiredAntiAffinity;
import static io.kava.scheduler.PlacementObjects.spread;
import static io.kava.scheduler.PlacementObjects.term;
import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.cordoned;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.ownedBy;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.tainted;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.scheduler.PlacementObjects;
import io.kava.scheduler.plugins.DefaultPlugins;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulingFrameworkTest {
  private final SchedulingFramework framework = DefaultPlugins.framework(new Random(42));

  @Test
  void failureMessageMatchesUpstreamsExample() {
    List<NodeInfo> nodes = List.of(
        info(node("small-1", "4", "1Gi", 110)),
        info(node("small-2", "4", "1Gi", 110)),
        info(tainted(node("tainted", "4", "64Gi", 110), "key", "value", "NoSchedule")));

    ScheduleResult result = framework.schedule(pod("big", "100m", "2Gi"), nodes);

    assertThat(result).isInstanceOf(ScheduleResult.Unschedulable.class);
    assertThat(((ScheduleResult.Unschedulable) result).error().message())
        .isEqualTo("0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {key: value}.");
  }

  @Test
  void everyReasonOfEveryNodeIsCountedAndSorted() {
    List<NodeInfo> nodes = List.of(
        info(hdd(node("tiny", "100m", "1Gi", 110))),                          // cpu and memory
        info(hdd(node("no-mem", "8", "1Gi", 110))),                           // memory
        info(hdd(cordoned(tainted(node("cordoned"), "a", "b", "NoSchedule")))), // its first failing filter only
        info(hdd(node("full", "8", "64Gi", 1)), boundTo(pod("x"), "full")),   // pod count
        info(labeled(node("ssd"), "disktype", "ssd")));                        // selector
    Pod pod = pod("p", "1", "2Gi").toBuilder()
        .setSpec(pod("p", "1", "2Gi").getSpec().toBuilder().putNodeSelector("disktype", "hdd")).build();

    String message = ((ScheduleResult.Unschedulable) framework.schedule(pod, nodes)).error().message();

    assertThat(message).isEqualTo("0/5 nodes are available: 1 Insufficient cpu, 2 Insufficient memory, "
        + "1 Too many pods, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.");
  }

  private static io.kava.api.core.v1.Node hdd(io.kava.api.core.v1.Node node) {
    return labeled(node, "disktype", "hdd");
  }

  /** The brief's example: the first failing filter of each node names the reason. */
  @Test
  void antiAffinityAndTopologySpreadReasonsAreCountedAsUpstreamWritesThem() {
    PodAffinityTerm apart = term(PlacementObjects.HOSTNAME, "app", "web");
    Pod web = spread(requiredAntiAffinity(labeled(pod("web-4"), "app", "web"), apart),
        constraint(1, PlacementObjects.ZONE, "DoNotSchedule", "app", "web"));
    List<NodeInfo> nodes = List.of(
        info(zone(node("a"), "z1"), boundTo(labeled(pod("web-1"), "app", "web"), "a")),
        info(zone(node("b"), "z1"), boundTo(labeled(pod("web-2"), "app", "web"), "b")),
        info(zone(node("c"), "z2"), boundTo(labeled(pod("web-3"), "app", "web"), "c")));

    String message = ((ScheduleResult.Unschedulable) framework.schedule(web, nodes)).error().message();

    assertThat(message).isEqualTo("0/3 nodes are available: 1 node(s) didn't match pod anti-affinity rules, "
        + "2 node(s) didn't match pod topology spread constraints.");
  }

  @Test
  void preFilterAndPreScoreRunOncePerCycleAndTheirChecksOncePerNode() {
    AtomicInteger preFilters = new AtomicInteger();
    AtomicInteger filters = new AtomicInteger();
    AtomicInteger preScores = new AtomicInteger();
    AtomicInteger scores = new AtomicInteger();
    class Counting implements FilterPlugin, ScorePlugin {
      @Override
      public String name() {
        return "Counting";
      }

      @Override
      public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
        throw new AssertionError("the framework uses what PreFilter prepared");
      }

      @Override
      public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
        preFilters.incrementAndGet();
        assertThat(allNodes).hasSize(3);
        return node -> {
          filters.incrementAndGet();
          return FilterResult.SUCCESS;
        };
      }

      @Override
      public long score(Pod pod, NodeInfo nodeInfo) {
        throw new AssertionError("the framework uses what PreScore prepared");
      }

      @Override
      public PodScorer preScore(Pod pod, List<NodeInfo> feasible, List<NodeInfo> allNodes) {
        preScores.incrementAndGet();
        assertThat(allNodes).hasSize(3);
        return node -> {
          scores.incrementAndGet();
          return 0;
        };
      }
    }
    Counting counting = new Counting();
    SchedulingFramework custom = new SchedulingFramework(List.of(counting), List.of(new WeightedScorer(counting, 1)),
        new Random(1));

    custom.schedule(pod("p"), List.of(info(node("a")), info(node("b")), info(node("c"))));

    assertThat(List.of(preFilters.get(), filters.get(), preScores.get(), scores.get())).containsExactly(1, 3, 1, 3);
  }

  private static io.kava.api.core.v1.Node zone(io.kava.api.core.v1.Node node, String zone) {
    return labeled(node, PlacementObjects.ZONE, zone);
  }

  @Test
  void noNodesAtAllSaysSo() {
    var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p"), List.of());

    assertThat(result.error().message()).isEqualTo("no nodes available to schedule pods");
  }

  @Test
  void fitErrorMessageCountsPerReason() {
    FitError error = new FitError(4, Map.of(
        "a", List.of("Insufficient cpu", "Insufficient memory"),
        "b", List.of("Insufficient memory"),
        "c", List.of("node(s) were not ready"),
        "d", List.of("Insufficient memory")));

    assertThat(error.message())
        .isEqualTo("0/4 nodes are available: 1 Insufficient cpu, 3 Insufficient memory, 1 node(s) were not ready.");
  }

  @Test
  void choosesTheNodeWithFewerSiblingsAndMoreRoom() {
    NodeInfo crowded = info(node("crowded"), boundTo(ownedBy(pod("s1", "100m", "100Mi"), "rs"), "crowded"));
    NodeInfo empty = info(node("empty"));

    for (int i = 0; i < 20; i++) {
      var result = framework.schedule(ownedBy(pod("p" + i, "100m", "100Mi"), "rs"), List.of(crowded, empty));
      assertThat(((ScheduleResult.Assigned) result).nodeName()).isEqualTo("empty");
    }
  }

  @Test
  void equalNodesAreChosenAtRandom() {
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      var result = framework.schedule(pod("p"), List.of(info(node("a")), info(node("b")), info(node("c"))));
      chosen.add(((ScheduleResult.Assigned) result).nodeName());
    }

    assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void aSingleFeasibleNodeIsChosenWithoutScoring() {
    var result = framework.schedule(pod("p"), List.of(info(cordoned(node("a"))), info(node("b"))));

    assertThat(result).isEqualTo(new ScheduleResult.Assigned("b", 1));
  }

  private static PreBindPlugin preBind(String name, java.util.function.Supplier<CompletableFuture<Void>> step,
      List<String> ran) {
    return new PreBindPlugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<Void> preBind(Pod pod, String nodeName) {
        ran.add(name);
        return step.get();
      }
    };
  }

  @Test
  void preBindPluginsRunInOrderEachAfterTheOneBeforeAndAFailureNamesItsPlugin() {
    List<String> ran = new java.util.ArrayList<>();
    CompletableFuture<Void> firstDone = new CompletableFuture<>();
    SchedulingFramework framework = new SchedulingFramework(List.of(), List.of(), new Random(1), 0, List.of(
        preBind("First", () -> firstDone, ran),
        preBind("Second", () -> CompletableFuture.failedFuture(new IllegalStateException("no room")), ran)));

    CompletableFuture<Void> all = framework.preBind(pod("p"), "n1");

    assertThat(ran).containsExactly("First");
    firstDone.complete(null);
    assertThat(ran).containsExactly("First", "Second");
    assertThat(all).isCompletedExceptionally();
    assertThat(all.handle((ok, e) -> e.getCause().getMessage()).join())
        .isEqualTo("running PreBind plugin \"Second\": no room");
  }
}
