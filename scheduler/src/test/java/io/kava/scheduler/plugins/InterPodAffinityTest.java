package io.kava.scheduler.plugins;

import static io.kava.scheduler.PlacementObjects.HOSTNAME;
import static io.kava.scheduler.PlacementObjects.ZONE;
import static io.kava.scheduler.PlacementObjects.inNamespace;
import static io.kava.scheduler.PlacementObjects.labeled;
import static io.kava.scheduler.PlacementObjects.preferredAffinity;
import static io.kava.scheduler.PlacementObjects.preferredAntiAffinity;
import static io.kava.scheduler.PlacementObjects.requiredAffinity;
import static io.kava.scheduler.PlacementObjects.requiredAntiAffinity;
import static io.kava.scheduler.PlacementObjects.term;
import static io.kava.scheduler.TestObjects.boundTo;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.scheduler.TestObjects;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PodScorer;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** InterPodAffinity's filter and score over a few nodes in two zones, many cases after upstream's own tests. */
class InterPodAffinityTest {
  private final InterPodAffinity plugin = new InterPodAffinity(NamespaceLabels.of(List.of(
      namespace("default", "team", "web"), namespace("team-a", "team", "a"), namespace("team-b", "team", "b"))));

  // ---- Filter: required pod affinity

  @Test
  void requiredAffinityOnAZoneAdmitsEveryNodeOfThePartnersZone() {
    Pod partner = labeled(pod("db"), "app", "db");
    Pod web = requiredAffinity(pod("web"), term(ZONE, "app", "db"));
    List<NodeInfo> nodes = List.of(info(zoned("a1", "z1"), boundTo(partner, "a1")), info(zoned("a2", "z1")),
        info(zoned("b1", "z2")));

    assertThat(reasons(web, nodes)).containsExactly(
        Map.entry("a1", List.of()), Map.entry("a2", List.of()),
        Map.entry("b1", List.of(InterPodAffinity.AFFINITY_REASON)));
  }

  @Test
  void requiredAffinityOnHostnamePutsThePodBesideItsPartner() {
    Pod partner = labeled(pod("db"), "app", "db");
    Pod web = requiredAffinity(pod("web"), term(HOSTNAME, "app", "db"));

    assertThat(feasible(web, List.of(info(node("a")), info(node("b"), boundTo(partner, "b")), info(node("c")))))
        .containsExactly("b");
  }

  @Test
  void aNodeWithoutTheTopologyLabelNeverSatisfiesRequiredAffinity() {
    Pod partner = labeled(pod("db"), "app", "db");
    Pod web = requiredAffinity(pod("web"), term(ZONE, "app", "db"));

    // The partner's node has no zone: no domain holds it, and an unlabelled node fits no term.
    assertThat(reasons(web, List.of(info(node("a"), boundTo(partner, "a")), info(zoned("b", "z1")))))
        .containsExactly(Map.entry("a", List.of(InterPodAffinity.AFFINITY_REASON)),
            Map.entry("b", List.of(InterPodAffinity.AFFINITY_REASON)));
  }

  @Test
  void theFirstPodOfASelfAffineGroupMayGoAnywhere() {
    Pod first = requiredAffinity(labeled(pod("cache-1"), "app", "cache"), term(ZONE, "app", "cache"));
    List<NodeInfo> empty = List.of(info(zoned("a1", "z1")), info(zoned("b1", "z2")));

    assertThat(feasible(first, empty)).containsExactly("a1", "b1");

    List<NodeInfo> withOne = List.of(info(zoned("a1", "z1")), info(zoned("b1", "z2"), boundTo(first, "b1")));
    Pod second = requiredAffinity(labeled(pod("cache-2"), "app", "cache"), term(ZONE, "app", "cache"));
    assertThat(feasible(second, withOne)).as("the rest follow the first").containsExactly("b1");
  }

  @Test
  void aPodThatDoesNotMatchItsOwnTermIsNotTheFirstOfAGroup() {
    Pod loner = requiredAffinity(labeled(pod("web"), "app", "web"), term(ZONE, "app", "db"));

    assertThat(feasible(loner, List.of(info(zoned("a1", "z1")), info(zoned("b1", "z2"))))).isEmpty();
  }

  @Test
  void withSeveralTermsOnePodMustMatchThemAll() {
    Pod db = labeled(pod("db"), "app", "db");
    Pod cache = labeled(pod("cache"), "tier", "cache");
    Pod both = labeled(pod("both"), "app", "db", "tier", "cache");
    Pod web = requiredAffinity(pod("web"), term(ZONE, "app", "db"), term(ZONE, "tier", "cache"));

    assertThat(feasible(web, List.of(info(zoned("a1", "z1"), boundTo(db, "a1"), boundTo(cache, "a1")),
        info(zoned("b1", "z2"), boundTo(both, "b1"))))).containsExactly("b1");
  }

  // ---- Filter: required pod anti-affinity

  @Test
  void requiredAntiAffinityOnHostnameKeepsReplicasOnDifferentNodes() {
    Pod one = requiredAntiAffinity(labeled(pod("web-1"), "app", "web"), term(HOSTNAME, "app", "web"));
    Pod two = requiredAntiAffinity(labeled(pod("web-2"), "app", "web"), term(HOSTNAME, "app", "web"));

    assertThat(reasons(two, List.of(info(node("a"), boundTo(one, "a")), info(node("b")))))
        .containsExactly(Map.entry("a", List.of(InterPodAffinity.ANTI_AFFINITY_REASON)), Map.entry("b", List.of()));
  }

  @Test
  void requiredAntiAffinityOnAZoneRejectsTheWholeZone() {
    Pod db = labeled(pod("db"), "app", "db");
    Pod web = requiredAntiAffinity(pod("web"), term(ZONE, "app", "db"));

    assertThat(feasible(web, List.of(info(zoned("a1", "z1"), boundTo(db, "a1")), info(zoned("a2", "z1")),
        info(zoned("b1", "z2")), info(node("no-zone"))))).containsExactly("b1", "no-zone");
  }

  @Test
  void anExistingPodsRequiredAntiAffinityKeepsTheIncomingPodAway() {
    Pod loner = requiredAntiAffinity(labeled(pod("loner"), "app", "loner"), term(HOSTNAME, "app", "web"));
    Pod web = labeled(pod("web"), "app", "web");

    assertThat(reasons(web, List.of(info(node("a"), boundTo(loner, "a")), info(node("b")))))
        .containsExactly(Map.entry("a", List.of(InterPodAffinity.EXISTING_ANTI_AFFINITY_REASON)),
            Map.entry("b", List.of()));
    assertThat(feasible(labeled(pod("db"), "app", "db"), List.of(info(node("a"), boundTo(loner, "a")))))
        .as("a pod the term does not select").containsExactly("a");
  }

  @Test
  void symmetryHoldsOverAZone() {
    Pod loner = requiredAntiAffinity(pod("loner"), term(ZONE, "app", "web"));
    Pod web = labeled(pod("web"), "app", "web");

    assertThat(feasible(web, List.of(info(zoned("a1", "z1"), boundTo(loner, "a1")), info(zoned("a2", "z1")),
        info(zoned("b1", "z2"))))).containsExactly("b1");
  }

  // ---- Namespaces

  @Test
  void aTermWithoutNamespacesSelectsPodsOfThePodsOwnNamespaceOnly() {
    Pod elsewhere = inNamespace(labeled(pod("db"), "app", "db"), "team-a");
    Pod web = requiredAntiAffinity(pod("web"), term(HOSTNAME, "app", "db"));

    assertThat(feasible(web, List.of(info(node("a"), boundTo(elsewhere, "a"))))).containsExactly("a");
  }

  @Test
  void namespacesAndANamespaceSelectorWidenTheTerm() {
    Pod inA = inNamespace(labeled(pod("db-a"), "app", "db"), "team-a");
    Pod inB = inNamespace(labeled(pod("db-b"), "app", "db"), "team-b");
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(inA, "a")), info(node("b"), boundTo(inB, "b")),
        info(node("c")));

    PodAffinityTerm listed = term(HOSTNAME, "app", "db").toBuilder().addNamespaces("team-a").build();
    assertThat(feasible(requiredAntiAffinity(pod("web"), listed), nodes)).containsExactly("b", "c");

    PodAffinityTerm selected = term(HOSTNAME, "app", "db").toBuilder()
        .setNamespaceSelector(LabelSelector.newBuilder().putMatchLabels("team", "b")).build();
    assertThat(feasible(requiredAntiAffinity(pod("web"), selected), nodes)).containsExactly("a", "c");

    PodAffinityTerm everywhere = term(HOSTNAME, "app", "db").toBuilder()
        .setNamespaceSelector(LabelSelector.getDefaultInstance()).build();
    assertThat(feasible(requiredAntiAffinity(pod("web"), everywhere), nodes)).containsExactly("c");
  }

  @Test
  void anExistingPodsNamespaceSelectorIsMatchedAgainstTheIncomingPodsNamespace() {
    PodAffinityTerm teamA = term(HOSTNAME, "app", "web").toBuilder()
        .setNamespaceSelector(LabelSelector.newBuilder().putMatchLabels("team", "a")).build();
    Pod loner = requiredAntiAffinity(pod("loner"), teamA);
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(loner, "a")), info(node("b")));

    assertThat(feasible(inNamespace(labeled(pod("web"), "app", "web"), "team-a"), nodes)).containsExactly("b");
    assertThat(feasible(inNamespace(labeled(pod("web"), "app", "web"), "team-b"), nodes)).containsExactly("a", "b");
  }

  @Test
  void aPodWithoutAffinityAmongPodsWithoutAntiAffinityFitsEverywhere() {
    Pod other = labeled(pod("x"), "app", "web");

    assertThat(feasible(labeled(pod("web"), "app", "web"), List.of(info(node("a"), boundTo(other, "a")))))
        .containsExactly("a");
  }

  // ---- Score

  @Test
  void preferredAffinityScoresTheDomainsHoldingMatchingPodsByWeight() {
    Pod db = labeled(pod("db"), "app", "db");
    Pod cache = labeled(pod("cache"), "app", "cache");
    Pod web = preferredAffinity(preferredAffinity(pod("web"), 5, term(ZONE, "app", "db")), 3,
        term(HOSTNAME, "app", "cache"));
    List<NodeInfo> nodes = List.of(info(zoned("a1", "z1"), boundTo(db, "a1")), info(zoned("a2", "z1"), boundTo(cache, "a2")),
        info(zoned("b1", "z2")));

    // Raw: a1 = 5 (zone z1), a2 = 5 + 3, b1 = 0; normalized between min and max.
    assertThat(rawScores(web, nodes)).containsExactly(5, 8, 0);
    assertThat(scores(web, nodes)).containsExactly(62, 100, 0);
  }

  @Test
  void preferredAntiAffinitySubtractsForEveryMatchingPod() {
    Pod web1 = labeled(pod("web-1"), "app", "web");
    Pod web2 = labeled(pod("web-2"), "app", "web");
    Pod web = preferredAntiAffinity(labeled(pod("web-3"), "app", "web"), 10, term(HOSTNAME, "app", "web"));
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(web1, "a"), boundTo(web2, "a")), info(node("b"),
        boundTo(labeled(pod("web-4"), "app", "web"), "b")), info(node("c")));

    assertThat(rawScores(web, nodes)).containsExactly(-20, -10, 0);
    assertThat(scores(web, nodes)).containsExactly(0, 50, 100);
  }

  @Test
  void existingPodsTermsScoreTheIncomingPodSymmetrically() {
    Pod wantsWeb = preferredAffinity(pod("wants-web"), 7, term(HOSTNAME, "app", "web"));
    Pod needsWeb = requiredAffinity(pod("needs-web"), term(HOSTNAME, "app", "web"));
    Pod avoidsWeb = preferredAntiAffinity(pod("avoids-web"), 4, term(HOSTNAME, "app", "web"));
    Pod web = labeled(pod("web"), "app", "web");
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(wantsWeb, "a")), info(node("b"), boundTo(needsWeb, "b")),
        info(node("c"), boundTo(avoidsWeb, "c")), info(node("d")));

    // Required affinity of an existing pod counts at hardPodAffinityWeight (1).
    assertThat(rawScores(web, nodes)).containsExactly(7, 1, -4, 0);
    assertThat(rawScores(web, nodes, new InterPodAffinity(NamespaceLabels.of(List.of()), 0)))
        .as("hardPodAffinityWeight 0").containsExactly(7, 0, -4, 0);
  }

  @Test
  void withNothingToWeighEveryNodeScoresZero() {
    List<NodeInfo> nodes = List.of(info(node("a"), boundTo(pod("x"), "a")), info(node("b")));

    assertThat(scores(pod("p"), nodes)).containsExactly(0, 0);
  }

  @Test
  void theMemoOfMatchingPodsIsPerQuestion() {
    NodeInfo node = info(node("a"), boundTo(labeled(pod("x"), "app", "web"), "a"));

    assertThat(node.countPods("web", p -> p.getMetadata().getLabelsMap().containsKey("app"))).isEqualTo(1);
    assertThat(node.countPods("web", p -> false)).as("remembered under the same question").isEqualTo(1);
    assertThat(node.countPods("none", p -> false)).isZero();
  }

  // ---- helpers

  private Map<String, List<String>> reasons(Pod pod, List<NodeInfo> nodes) {
    PodFilter filter = plugin.preFilter(pod, nodes);
    Map<String, List<String>> byNode = new LinkedHashMap<>();
    for (NodeInfo node : nodes) {
      FilterResult result = filter.filter(node);
      byNode.put(node.name(), result.reasons());
    }
    return byNode;
  }

  private List<String> feasible(Pod pod, List<NodeInfo> nodes) {
    return reasons(pod, nodes).entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  private long[] rawScores(Pod pod, List<NodeInfo> nodes) {
    return rawScores(pod, nodes, plugin);
  }

  private static long[] rawScores(Pod pod, List<NodeInfo> nodes, InterPodAffinity plugin) {
    PodScorer scorer = plugin.preScore(pod, nodes, nodes);
    return nodes.stream().mapToLong(scorer::score).toArray();
  }

  private long[] scores(Pod pod, List<NodeInfo> nodes) {
    PodScorer scorer = plugin.preScore(pod, nodes, nodes);
    long[] scores = nodes.stream().mapToLong(scorer::score).toArray();
    plugin.normalize(pod, scores);
    return scores;
  }

  static Node zoned(String name, String zone) {
    return TestObjects.labeled(node(name), ZONE, zone);
  }

  private static Namespace namespace(String name, String key, String value) {
    return Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name).putLabels(key, value)).build();
  }
}
