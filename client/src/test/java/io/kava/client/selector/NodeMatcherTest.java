package io.kava.client.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PodSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeMatcherTest {
  private static final PodSpec SPEC = PodSpec.newBuilder()
      .putNodeSelector(new String("kubernetes.io/os"), "linux")
      .setAffinity(Affinity.newBuilder().setNodeAffinity(NodeAffinity.newBuilder()
          .setRequiredDuringSchedulingIgnoredDuringExecution(NodeSelector.newBuilder().addNodeSelectorTerms(
              NodeSelectorTerm.newBuilder().addMatchExpressions(NodeSelectorRequirement.newBuilder()
                  .setKey(new String("topology.kubernetes.io/zone")).setOperator("In").addValues("a").addValues("b"))))))
      .build();

  @Test
  void internedLabelsMatchAsTheMessagesOwnLabels() {
    NodeMatcher matcher = NodeMatcher.of(SPEC);
    Map<String, String> fits = Map.of(new String("kubernetes.io/os"), "linux", new String("topology.kubernetes.io/zone"), "b");
    Map<String, String> wrongZone = Map.of(new String("kubernetes.io/os"), "linux", new String("topology.kubernetes.io/zone"), "c");
    Map<String, String> noOs = Map.of(new String("topology.kubernetes.io/zone"), "a");

    assertThat(matcher.matches("n1", NodeMatcher.internedLabels(fits))).isTrue();
    assertThat(matcher.matches("n1", NodeMatcher.internedLabels(wrongZone))).isFalse();
    assertThat(matcher.matches("n1", NodeMatcher.internedLabels(noOs))).isFalse();
    assertThat(NodeMatcher.internedLabels(fits)).isEqualTo(fits);
  }

  @Test
  void internedLabelKeysAreOneInstancePerKey() {
    Map<String, String> labels = NodeMatcher.internedLabels(Map.of(new String("kubernetes.io/os"), "linux"));

    String key = labels.keySet().iterator().next();
    assertThat(key).isSameAs("kubernetes.io/os");
  }
}
