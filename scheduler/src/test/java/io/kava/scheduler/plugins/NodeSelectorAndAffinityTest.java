package io.kava.scheduler.plugins;

import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PreferredSchedulingTerm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSelectorAndAffinityTest {
  private static final String REASON = "node(s) didn't match Pod's node affinity/selector";
  private final NodeSelectorAndAffinity filter = new NodeSelectorAndAffinity();
  /** Labels: disktype=ssd, cores=8, and kubernetes.io/hostname=n1. */
  private final Node node = labeled(labeled(node("n1"), "disktype", "ssd"), "cores", "8");

  @Test
  void nodeSelectorNeedsEveryLabel() {
    Pod ssd = withSelector(pod("p"), "disktype", "ssd");

    assertThat(filter.filter(ssd, info(node)).isSuccess()).isTrue();
    assertThat(filter.filter(withSelector(ssd, "cores", "8"), info(node)).isSuccess()).isTrue();
    assertThat(filter.filter(withSelector(ssd, "cores", "16"), info(node)).reasons()).containsExactly(REASON);
    assertThat(filter.filter(withSelector(pod("p"), "gpu", "true"), info(node)).reasons()).containsExactly(REASON);
  }

  /** Columns: key, operator, values (| separated), matches the node. */
  @ParameterizedTest(name = "{0} {1} {2}: {3}")
  @CsvSource(value = {
      "disktype, In,           ssd|nvme, true",
      "disktype, In,           hdd,      false",
      "gpu,      In,           true,     false",
      "disktype, NotIn,        hdd,      true",
      "disktype, NotIn,        ssd|hdd,  false",
      "gpu,      NotIn,        true,     true",   // an absent label is never in the list
      "disktype, Exists,       '',       true",
      "gpu,      Exists,       '',       false",
      "gpu,      DoesNotExist, '',       true",
      "disktype, DoesNotExist, '',       false",
      "cores,    Gt,           4,        true",
      "cores,    Gt,           8,        false",
      "cores,    Lt,           16,       true",
      "cores,    Lt,           8,        false",
      "disktype, Gt,           4,        false",  // not an integer label
      "cores,    Gt,           four,     false",  // not an integer value
      "cores,    Gt,           4|5,      false",  // Gt takes exactly one value
      "gpu,      Lt,           4,        false",  // absent label
      "disktype, Bogus,        ssd,      false",
  })
  void matchExpressionOperators(String key, String operator, String values, boolean expected) {
    Pod pod = withRequired(pod("p"), term(List.of(requirement(key, operator, values)), List.of()));

    assertThat(filter.filter(pod, info(node)).isSuccess()).isEqualTo(expected);
  }

  @Test
  void expressionsInATermAreAndedAndTermsAreOred() {
    var ssd = requirement("disktype", "In", "ssd");
    var gpu = requirement("gpu", "Exists", "");

    assertThat(filter.filter(withRequired(pod("p"), term(List.of(ssd, gpu), List.of())), info(node)).reasons())
        .containsExactly(REASON);
    assertThat(filter.filter(withRequired(pod("p"), term(List.of(gpu), List.of()), term(List.of(ssd), List.of())),
        info(node)).isSuccess()).isTrue();
  }

  @Test
  void matchFieldsOnMetadataName() {
    var in = withRequired(pod("p"), term(List.of(), List.of(requirement("metadata.name", "In", "n1"))));
    var notIn = withRequired(pod("p"), term(List.of(), List.of(requirement("metadata.name", "NotIn", "n1"))));
    var other = withRequired(pod("p"), term(List.of(), List.of(requirement("metadata.name", "In", "n2"))));
    var unknownField = withRequired(pod("p"), term(List.of(), List.of(requirement("spec.podCIDR", "In", "n1"))));

    assertThat(filter.filter(in, info(node)).isSuccess()).isTrue();
    assertThat(filter.filter(notIn, info(node)).isSuccess()).isFalse();
    assertThat(filter.filter(other, info(node)).isSuccess()).isFalse();
    assertThat(filter.filter(unknownField, info(node)).isSuccess()).isFalse();
  }

  @Test
  void fieldsAndExpressionsOfOneTermMustBothHold() {
    var ssdOnN2 = withRequired(pod("p"), term(List.of(requirement("disktype", "In", "ssd")),
        List.of(requirement("metadata.name", "In", "n2"))));

    assertThat(filter.filter(ssdOnN2, info(node)).isSuccess()).isFalse();
  }

  @Test
  void anEmptyTermMatchesNothing() {
    assertThat(filter.filter(withRequired(pod("p"), term(List.of(), List.of())), info(node)).reasons())
        .containsExactly(REASON);
  }

  @Test
  void selectorAndAffinityMustBothMatch() {
    var pod = withRequired(withSelector(pod("p"), "disktype", "hdd"),
        term(List.of(requirement("cores", "Gt", "2")), List.of()));

    assertThat(filter.filter(pod, info(node)).reasons()).containsExactly(REASON);
  }

  @Test
  void aPodWithoutSelectorOrAffinityFitsAnyNode() {
    assertThat(filter.filter(pod("p"), info(node("bare"))).isSuccess()).isTrue();
  }

  /** Upstream's node_affinity_test "all nodes matches the preferred scheduling requirements of pod": weights 2, 4, 5. */
  @Test
  void preferredTermsScoreTheSumOfTheirWeightsNormalizedToTheBest() {
    Pod pod = withPreferred(pod("p"),
        preferred(2, term(List.of(requirement("foo", "In", "bar")), List.of())),
        preferred(4, term(List.of(requirement("key", "In", "value")), List.of())),
        preferred(5, term(List.of(requirement("foo", "In", "bar"), requirement("key", "In", "value"),
            requirement("az", "In", "az1")), List.of())));
    Node one = labeled(node("n1"), "foo", "bar");
    Node two = labeled(labeled(node("n2"), "foo", "bar"), "key", "value");
    Node three = labeled(labeled(labeled(node("n3"), "foo", "bar"), "key", "value"), "az", "az1");

    long[] scores = {filter.score(pod, info(one)), filter.score(pod, info(two)), filter.score(pod, info(three))};
    assertThat(scores).containsExactly(2, 6, 11);
    filter.normalize(pod, scores);
    assertThat(scores).containsExactly(18, 54, 100);
  }

  @Test
  void withoutPreferredTermsOrMatchesEveryNodeScoresZero() {
    long[] scores = {filter.score(pod("p"), info(node)), filter.score(pod("p"), info(node("bare")))};
    filter.normalize(pod("p"), scores);
    assertThat(scores).containsExactly(0, 0);

    Pod gpu = withPreferred(pod("p"), preferred(10, term(List.of(requirement("gpu", "Exists", "")), List.of())));
    assertThat(filter.score(gpu, info(node))).isZero();
  }

  private static Pod withPreferred(Pod pod, PreferredSchedulingTerm... terms) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setAffinity(Affinity.newBuilder().setNodeAffinity(
        NodeAffinity.newBuilder().addAllPreferredDuringSchedulingIgnoredDuringExecution(List.of(terms))))).build();
  }

  private static PreferredSchedulingTerm preferred(int weight, NodeSelectorTerm term) {
    return PreferredSchedulingTerm.newBuilder().setWeight(weight).setPreference(term).build();
  }

  private static Pod withSelector(Pod pod, String key, String value) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().putNodeSelector(key, value)).build();
  }

  private static Pod withRequired(Pod pod, NodeSelectorTerm... terms) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setAffinity(Affinity.newBuilder().setNodeAffinity(
        NodeAffinity.newBuilder().setRequiredDuringSchedulingIgnoredDuringExecution(
            NodeSelector.newBuilder().addAllNodeSelectorTerms(List.of(terms)))))).build();
  }

  private static NodeSelectorTerm term(List<NodeSelectorRequirement> expressions, List<NodeSelectorRequirement> fields) {
    return NodeSelectorTerm.newBuilder().addAllMatchExpressions(expressions).addAllMatchFields(fields).build();
  }

  private static NodeSelectorRequirement requirement(String key, String operator, String values) {
    NodeSelectorRequirement.Builder r = NodeSelectorRequirement.newBuilder().setKey(key).setOperator(operator);
    if (!values.isEmpty()) {
      r.addAllValues(List.of(values.split("\\|")));
    }
    return r.build();
  }
}
