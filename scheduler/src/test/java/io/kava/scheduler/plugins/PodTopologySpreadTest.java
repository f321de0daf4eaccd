package io.kava.scheduler.plugins;

import static io.kava.scheduler.PlacementObjects.HOSTNAME;
import static io.kava.scheduler.PlacementObjects.ZONE;
import static io.kava.scheduler.PlacementObjects.constraint;
import static io.kava.scheduler.PlacementObjects.inNamespace;
import static io.kava.scheduler.PlacementObjects.labeled;
import static io.kava.scheduler.PlacementObjects.spread;
import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.tainted;
import static io.kava.scheduler.plugins.InterPodAffinityTest.zoned;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.selector.LabelSelectors;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.NodeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PodTopologySpread's filter, score and system defaults, many cases after upstream's own tests. */
class PodTopologySpreadTest {
  private static final String DNS = SpreadConstraint.DO_NOT_SCHEDULE;
  private static final String SA = SpreadConstraint.SCHEDULE_ANYWAY;

  private final ReplicaSet webSet = ReplicaSet.newBuilder()
      .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("web-1234"))
      .setSpec(ReplicaSetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web"))).build();
  private final PodTopologySpread plugin = new PodTopologySpread(new DefaultSpreadSelector(ns -> List.of(),
      (ns, name) -> name.equals("web-1234") ? Optional.of(webSet) : Optional.empty(), (ns, name) -> Optional.empty()));

  private static Pod web(String name) {
    return labeled(pod(name), "app", "web");
  }

  // ---- Filter

  @Test
  void maxSkewOneOverZonesAdmitsOnlyTheEmptierZone() {
    // Upstream's example: 2 matching pods in z1, 1 in z2; a third in z1 would make the skew 2.
    Pod pod = spread(web("new"), constraint(1, ZONE, DNS, "app", "web"));
    List<NodeInfo> nodes = List.of(info(zoned("a1", "z1"), boundTo(web("p1"), "a1")),
        info(zoned("a2", "z1"), boundTo(web("p2"), "a2")), info(zoned("b1", "z2"), boundTo(web("p3"), "b1")),
        info(zoned("b2", "z2")));

    assertThat(reasons(pod, nodes)).containsExactly(
        Map.entry("a1", List.of(PodTopologySpread.REASON)), Map.entry("a2", List.of(PodTopologySpread.REASON)),
        Map.entry("b1", List.of()), Map.entry("b2", List.of()));
  }

  @Test
  void fourReplicasOverTwoNodesWithMaxSkewOneEndTwoAndTwo() {
    List<NodeInfo> nodes = new ArrayList<>(List.of(info(node("a")), info(node("b"))));
    for (int i = 0; i < 4; i++) {
      Pod pod = spread(web("web-" + i), constraint(1, HOSTNAME, DNS, "app", "web"));
      List<String> feasible = feasible(pod, nodes);
      assertThat(feasible).as("replica %d", i).hasSize(i % 2 == 0 ? 2 : 1);
      String chosen = feasible.get(0);
      nodes.replaceAll(n -> n.name().equals(chosen) ? place(n, pod) : n);
    }

    assertThat(nodes).allSatisfy(n -> assertThat(n.pods()).hasSize(2));
  }

  @Test
  void aNodeWithoutTheTopologyLabelIsRejectedWithItsOwnReason() {
    Pod pod = spread(web("new"), constraint(1, ZONE, DNS, "app", "web"));

    assertThat(reasons(pod, List.of(info(node("bare")), info(zoned("a1", "z1")))))
        .containsExactly(Map.entry("bare", List.of(PodTopologySpread.MISSING_LABEL_REASON)), Map.entry("a1", List.of()));
  }

  @Test
  void aPodThatDoesNotMatchItsSelectorDoesNotAddToTheSkew() {
    Pod pod = spread(pod("other"), constraint(1, HOSTNAME, DNS, "app", "web"));

    assertThat(feasible(pod, List.of(info(node("a"), boundTo(web("p1"), "a")), info(node("b")))))
        .containsExactly("a", "b");
  }

  @Test
  void podsBeingDeletedAndPodsOfOtherNamespacesDoNotCount() {
    Pod leaving = web("p1").toBuilder()
        .setMetadata(web("p1").getMetadata().toBuilder().setDeletionTimestamp("2026-12-01T18:00:00Z")).build();
    Pod elsewhere = inNamespace(web("p2"), "other");
    Pod pod = spread(web("new"), constraint(1, HOSTNAME, DNS, "app", "web"));

    assertThat(feasible(pod, List.of(info(node("a"), boundTo(leaving, "a"), boundTo(elsewhere, "a")), info(node("b")))))
        .containsExactly("a", "b");
  }

  @Test
  void minDomainsCountsTheGlobalMinimumAsZeroUntilThereAreEnoughDomains() {
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(web("p1"), "a")), info(node("b"), boundTo(web("p2"), "b")));
    TopologySpreadConstraint c = constraint(1, HOSTNAME, DNS, "app", "web");

    assertThat(feasible(spread(web("new"), c), nodes)).containsExactly("a", "b");
    // Three domains wanted, two exist: the minimum counts as 0, so 1 + 1 - 0 exceeds maxSkew everywhere.
    assertThat(feasible(spread(web("new"), c.toBuilder().setMinDomains(3).build()), nodes)).isEmpty();
    assertThat(feasible(spread(web("new"), c.toBuilder().setMinDomains(2).build()), nodes)).containsExactly("a", "b");
  }

  @Test
  void nodesOutsideThePodsNodeAffinityMakeNoDomainUnlessThePolicyIgnoresIt() {
    Pod base = web("new").toBuilder().setSpec(web("new").getSpec().toBuilder().putNodeSelector("pool", "blue")).build();
    List<NodeInfo> nodes = List.of(info(blue(zoned("a1", "z1")), boundTo(web("p1"), "a1")),
        info(blue(zoned("b1", "z2"))), info(zoned("c1", "z3")));
    TopologySpreadConstraint c = constraint(1, ZONE, DNS, "app", "web");

    // Honor (the default): z3 is no domain, the minimum is z2's 0; z1 would hold 2.
    assertThat(feasible(spread(base, c), nodes)).containsExactly("b1", "c1");
    // Ignore: z3 counts too, with the same minimum; nothing changes for z2.
    assertThat(feasible(spread(base, c.toBuilder().setNodeAffinityPolicy("Ignore").build()), nodes))
        .containsExactly("b1", "c1");
    // With pods in z2 as well, honouring makes z1 fit (min 1), ignoring keeps empty z3 as the minimum.
    List<NodeInfo> busier = List.of(nodes.get(0), info(blue(zoned("b1", "z2")), boundTo(web("p2"), "b1")), nodes.get(2));
    assertThat(feasible(spread(base, c), busier)).containsExactly("a1", "b1", "c1");
    assertThat(feasible(spread(base, c.toBuilder().setNodeAffinityPolicy("Ignore").build()), busier))
        .containsExactly("c1");
  }

  @Test
  void taintedNodesMakeDomainsUnlessTheTaintsPolicyHonoursThem() {
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(web("p1"), "a")),
        info(tainted(node("t"), "dedicated", "gpu", "NoSchedule")));
    TopologySpreadConstraint c = constraint(1, HOSTNAME, DNS, "app", "web");

    // Ignore (the default): the empty tainted node is the minimum, so "a" would reach skew 2.
    assertThat(feasible(spread(web("new"), c), nodes)).containsExactly("t");
    assertThat(feasible(spread(web("new"), c.toBuilder().setNodeTaintsPolicy("Honor").build()), nodes))
        .containsExactly("a", "t");
  }

  @Test
  void matchLabelKeysCountOnlyPodsWithTheSameValues() {
    Pod oldRevision = labeled(web("old"), "pod-template-hash", "v1");
    TopologySpreadConstraint c = constraint(1, HOSTNAME, DNS, "app", "web").toBuilder()
        .addMatchLabelKeys("pod-template-hash").build();
    Pod pod = spread(labeled(web("new"), "pod-template-hash", "v2"), c);
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(oldRevision, "a"), boundTo(labeled(web("old2"), "pod-template-hash", "v1"), "a")),
        info(node("b")));

    assertThat(feasible(pod, nodes)).containsExactly("a", "b");
    assertThat(feasible(spread(labeled(web("new"), "pod-template-hash", "v1"), c), nodes)).containsExactly("b");
  }

  @Test
  void scheduleAnywayNeverRejects() {
    Pod pod = spread(web("new"), constraint(1, HOSTNAME, SA, "app", "web"));

    assertThat(feasible(pod, List.of(info(node("a"), boundTo(web("p1"), "a"), boundTo(web("p2"), "a")), info(node("b")))))
        .containsExactly("a", "b");
  }

  // ---- Score

  @Test
  void scoreOfOneHostnameConstraintMatchesUpstreamsExample() {
    // Upstream's "one constraint on node, all 4 nodes are candidates": 2, 1, 0 and 3 matching pods.
    Pod pod = spread(web("new"), constraint(1, HOSTNAME, SA, "app", "web"));
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(web("a1"), "a"), boundTo(web("a2"), "a")),
        info(node("b"), boundTo(web("b1"), "b")), info(node("c")),
        info(node("d"), boundTo(web("d1"), "d"), boundTo(web("d2"), "d"), boundTo(web("d3"), "d")));

    assertThat(scores(pod, nodes)).containsExactly(20, 60, 100, 0);
  }

  @Test
  void scoreOverZonesCountsTheWholeZone() {
    Pod pod = spread(web("new"), constraint(1, ZONE, SA, "app", "web"));
    List<NodeInfo> nodes = List.of(info(zoned("a1", "z1"), boundTo(web("p1"), "a1")), info(zoned("a2", "z1")),
        info(zoned("b1", "z2")));

    long[] scores = scores(pod, nodes);
    assertThat(scores[0]).isEqualTo(scores[1]);
    assertThat(scores[2]).isEqualTo(100).isGreaterThan(scores[0]);
  }

  @Test
  void nodesWithoutTheLabelOfTheirOwnConstraintsScoreZero() {
    Pod pod = spread(web("new"), constraint(1, ZONE, SA, "app", "web"));

    assertThat(scores(pod, List.of(info(zoned("a1", "z1"), boundTo(web("p1"), "a1")), info(node("bare")),
        info(zoned("b1", "z2"))))).containsExactly(0, 0, 100);
  }

  // ---- System defaults

  @Test
  void aReplicaSetsPodsWithoutConstraintsSpreadByHostnameUnderTheSystemDefaults() {
    Pod pod = ownedByWebSet(web("new"));
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(web("p1"), "a"), boundTo(web("p2"), "a")),
        info(node("b"), boundTo(web("p3"), "b")), info(node("c")));

    long[] scores = scores(pod, nodes);
    assertThat(scores[2]).isEqualTo(100);
    assertThat(scores[1]).isGreaterThan(scores[0]).isLessThan(scores[2]);
    assertThat(feasible(pod, nodes)).as("defaults never filter").containsExactly("a", "b", "c");
  }

  @Test
  void aPodNothingSelectsGetsNoDefaultSpreading() {
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(web("p1"), "a")), info(node("b")));

    assertThat(scores(web("loose"), nodes)).containsExactly(0, 0);
    assertThat(scores(ownedByWebSet(pod("unlabelled")), nodes)).as("the set's selector, not the owner, counts")
        .containsExactly(66, 100);
  }

  @Test
  void theDefaultSelectorJoinsServicesAndTheControllersSelector() {
    Service frontend = Service.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("fe"))
        .setSpec(ServiceSpec.newBuilder().putSelector("tier", "frontend")).build();
    Service other = Service.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("db"))
        .setSpec(ServiceSpec.newBuilder().putSelector("tier", "db")).build();
    Service headless = Service.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("all"))
        .build();
    StatefulSet store = StatefulSet.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("store"))
        .setSpec(StatefulSetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "store"))).build();
    DefaultSpreadSelector selectors = new DefaultSpreadSelector(ns -> List.of(frontend, other, headless),
        (ns, name) -> name.equals("web-1234") ? Optional.of(webSet) : Optional.empty(),
        (ns, name) -> name.equals("store") ? Optional.of(store) : Optional.empty());

    Pod webPod = ownedByWebSet(labeled(web("w"), "tier", "frontend"));
    assertThat(selectors.of(webPod)).isEqualTo(LabelSelectors.parse("app=web,tier=frontend"));
    Pod storePod = labeled(pod("s"), "app", "store").toBuilder().setMetadata(labeled(pod("s"), "app", "store")
        .getMetadata().toBuilder().addOwnerReferences(owner("apps/v1", "StatefulSet", "store"))).build();
    assertThat(selectors.of(storePod)).isEqualTo(LabelSelectors.parse("app=store"));
    Pod jobPod = labeled(pod("j"), "app", "batch").toBuilder().setMetadata(labeled(pod("j"), "app", "batch")
        .getMetadata().toBuilder().addOwnerReferences(owner("batch/v1", "Job", "j"))).build();
    assertThat(selectors.of(jobPod).isEmpty()).as("no Service and an unsupported owner").isTrue();
  }

  // ---- helpers

  private Pod ownedByWebSet(Pod pod) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
        .addOwnerReferences(owner("apps/v1", "ReplicaSet", "web-1234"))).build();
  }

  private static OwnerReference owner(String apiVersion, String kind, String name) {
    return OwnerReference.newBuilder().setApiVersion(apiVersion).setKind(kind).setName(name).setUid("uid-" + name)
        .setController(true).build();
  }

  private static io.kava.api.core.v1.Node blue(io.kava.api.core.v1.Node node) {
    return io.kava.scheduler.TestObjects.labeled(node, "pool", "blue");
  }

  private static NodeInfo place(NodeInfo node, Pod pod) {
    List<Pod> pods = new ArrayList<>(node.pods());
    pods.add(boundTo(pod, node.name()));
    return NodeInfo.of(node.node(), pods);
  }

  private Map<String, List<String>> reasons(Pod pod, List<NodeInfo> nodes) {
    PodFilter filter = plugin.preFilter(pod, nodes);
    Map<String, List<String>> byNode = new LinkedHashMap<>();
    for (NodeInfo node : nodes) {
      byNode.put(node.name(), filter.filter(node).reasons());
    }
    return byNode;
  }

  private List<String> feasible(Pod pod, List<NodeInfo> nodes) {
    return reasons(pod, nodes).entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  private long[] scores(Pod pod, List<NodeInfo> nodes) {
    PodScorer scorer = plugin.preScore(pod, nodes, nodes);
    long[] scores = nodes.stream().mapToLong(scorer::score).toArray();
    plugin.normalize(pod, scores);
    return scores;
  }
}
